/// Turns a `ConfigSyntax` into a validated `FulcrumConfiguration`: applies every statement
/// through the keyword tables, folds `defaults` sections into the proxies that use them,
/// checks names and references, and resolves server host names. Every problem is collected
/// as a diagnostic with its `file:line`. Runs on the loading thread, once per load.
public struct ConfigCompiler {
  public internal(set) var diagnostics = Diagnostics()
  let resolver: any HostResolver
  /// `-dr`: a server name that does not resolve leaves the server without an address (in
  /// maintenance) instead of failing the load, as if its `init-addr` ended with `none`.
  public var ignoresResolutionFailures = false
  var pending = PendingKeywordReport()
  var global = GlobalSettings()
  var proxies: [Proxy] = []
  /// The positions in `proxies` of each name, in order, for the duplicate-name check.
  var proxyPositions: [String: [Int]] = [:]
  var userlists: [Userlist] = []
  var httpErrorGroups: [String: [Int: ErrorFile]] = [:]
  var httpErrorLocations: [String: SourceLocation] = [:]
  var namedDefaults: [String: Proxy] = [:]
  var currentDefaults: Proxy?
  /// The keywords whose lines were rejected in each defaults section (by its location, with
  /// what it inherited) and in each proxy (in the order of `proxies`, with its defaults').
  var rejectedInDefaults: [SourceLocation: Set<String>] = [:]
  var rejectedInProxies: [Set<String>] = []

  public init(resolver: any HostResolver) {
    self.resolver = resolver
  }

  /// Compiles `syntax`; the configuration is returned even when alerts were found (callers
  /// check `diagnostics.hasAlerts`), so tools can still inspect what parsed.
  public mutating func compile(_ syntax: ConfigSyntax) -> FulcrumConfiguration {
    for section in syntax.sections {
      switch section.kind {
      case .global: compileGlobal(section)
      case .defaults: compileDefaults(section)
      case .frontend, .backend, .listen: compileProxy(section)
      case .userlist: compileUserlist(section)
      case .httpErrors: compileHTTPErrors(section)
      default: break  // rejected by the reader with a message naming the section
      }
    }
    validateReferences()
    applyBasePaths()
    resolveServers()
    pending.emit(into: &diagnostics)
    return FulcrumConfiguration(
      global: global, proxies: proxies, userlists: userlists, httpErrorGroups: httpErrorGroups, files: syntax.files)
  }

  // MARK: global

  mutating func compileGlobal(_ section: Section) {
    if !section.arguments.isEmpty {
      diagnostics.alert("'global' takes no name, found '\(section.arguments[0])'", at: section.location)
    }
    for statement in section.statements {
      var words = statement.words
      var negated = false
      if words.count >= 2, words[0] == "no" {
        guard GlobalKeywords.negatable.contains(words[1]) else {
          diagnostics.alert(
            "'no \(words[1])' is not supported: in 'global', only \(GlobalKeywords.negatable.sorted().map { "'\($0)'" }.joined(separator: ", ")) can be negated; remove the line",
            at: statement.location)
          continue
        }
        negated = true
        words.removeFirst()
      }
      let keyword =
        (words.count >= 2 ? GlobalKeywords.table[words[0] + " " + words[1]] : nil) ?? GlobalKeywords.table[words[0]]
      guard let keyword else {
        if let proxyKeyword = ProxyKeywords.lookup(words) {
          diagnostics.alert(
            "'\(proxyKeyword.name)' is a proxy keyword: move it to a 'defaults', 'frontend', 'backend' or 'listen' section",
            at: statement.location)
          continue
        }
        reportUnknown(
          words[0], in: "global", known: GlobalKeywords.table.keys, unsupported: UnsupportedKeywords.global,
          at: statement.location)
        continue
      }
      var input = KeywordInput(
        words: words, keywordLength: keyword.name.split(separator: " ").count, location: statement.location,
        resolver: resolver)
      input.isNegated = negated
      do throws(ConfigError) {
        try keyword.apply(&global, &input)
        finish(input, status: keyword.status)
      } catch {
        diagnostics.alert(error.message, at: statement.location)
      }
    }
  }

  /// Reports an unknown or unsupported keyword with the best hint available.
  mutating func reportUnknown(
    _ word: String, in section: String, known: some Collection<String>, unsupported: [String: String],
    at location: SourceLocation
  ) {
    if let hint = unsupported[word] {
      diagnostics.alert("'\(word)' is not supported by Fulcrum: \(hint)", at: location)
      return
    }
    let firstWords = Set(known.map { String($0.split(separator: " ")[0]) })
    diagnostics.alert(
      "unknown keyword '\(word)' in '\(section)' section\(KeywordSuggestion.hint(for: word, among: firstWords))",
      at: location)
  }

  /// Reports the warnings a handler produced and notes keywords not yet acted on.
  mutating func finish(_ input: KeywordInput, status: KeywordStatus) {
    for warning in input.warnings { diagnostics.warning(warning, at: input.location) }
    if case .pending(let milestone) = status {
      pending.note(input.keyword, milestone, at: input.location)
    }
    for option in input.pendingOptions {
      if case .pending(let milestone) = status, milestone == option.milestone { continue }
      pending.note(input.keyword, option: option.name, option.milestone, at: input.location)
    }
  }
}
