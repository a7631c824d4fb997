import Foundation

/// Reads configuration files into a `ConfigSyntax`: splits lines, tokenizes them, applies
/// `.if` blocks and the `.diag/.notice/.warning/.alert` directives, applies the global
/// `setenv` family as it meets them (later lines see the change, as in HAProxy), and groups
/// statements into sections. Problems are collected, never thrown, so one run reports all of
/// them. Runs on the loading thread; owns its state for one load.
public struct ConfigReader {
  public private(set) var environment: ConfigEnvironment
  public private(set) var diagnostics = Diagnostics()
  public let limits: ReaderLimits
  private var sections: [Section] = []
  private var files: [String] = []
  /// Every file the reader tried to read, in order, including those it rejected.
  private(set) var filesTried: [String] = []

  /// The sections read so far (after `read(text:file:)`).
  public var sectionsRead: [Section] { sections }

  public init(environment: ConfigEnvironment, limits: ReaderLimits = ReaderLimits()) {
    self.environment = environment
    self.limits = limits
  }

  /// Reads every path (files, or directories of `*.cfg`) and returns the sections found.
  public mutating func read(paths: [String]) -> ConfigSyntax {
    for file in ConfigSourceFiles.expand(paths, into: &diagnostics) {
      filesTried.append(file)
      guard let text = ConfigFileContents.text(of: file, limits: limits, into: &diagnostics) else { continue }
      files.append(file)
      read(text: text, file: file)
    }
    return ConfigSyntax(sections: sections, files: files)
  }

  /// Reads configuration text as if it came from `file` (used by tests and by `read(paths:)`).
  public mutating func read(text: String, file: String) {
    var blocks = ConditionalBlocks()
    var current: Section?
    // After a misspelt section keyword, its lines are dropped up to the next section, so one
    // typo gets one message rather than one per line.
    var skippingUnknownSection = false
    var lineNumber = 0
    var utf8 = Substring(text).utf8[...]
    while !utf8.isEmpty {
      lineNumber += 1
      let end = Self.lineEnd(in: utf8)
      let line = Substring(utf8[utf8.startIndex..<end])
      utf8 = end == utf8.endIndex ? utf8[end...] : utf8[utf8.index(after: end)...]
      let location = SourceLocation(file: file, line: lineNumber)
      if line.utf8.count > limits.maxLineLength {
        diagnostics.alert(
          "line too long (\(line.utf8.count) bytes, the limit is \(limits.maxLineLength)): split the value or load it from a file",
          at: location)
        continue
      }
      let context = TokenizerContext(
        environment: environment, file: file, line: lineNumber, section: current?.displayName ?? "")
      let tokenized: TokenizedLine
      switch LineTokenizer.tokenize(line, context: context) {
      case .success(let value): tokenized = value
      case .failure(let error):
        if blocks.isActive { diagnostics.alert(error.description, at: location) }
        continue
      }
      let words = tokenized.words
      guard let first = words.first else { continue }
      if first.hasPrefix("."), handleDirective(words, blocks: &blocks, at: location) { continue }
      guard blocks.isActive else { continue }
      let kind = SectionKind(rawValue: first)
      if kind == nil && skippingUnknownSection { continue }
      for name in tokenized.undefinedVariables {
        diagnostics.warning(
          "environment variable '\(name)' is not set; it expands to an empty string (set it, or give a default with '${\(name)-default}')",
          at: location)
      }
      if let kind {
        skippingUnknownSection = false
        if let finished = current { sections.append(finished) }
        current = Section(kind: kind, arguments: Array(words.dropFirst()), location: location)
        if !kind.isSupported {
          diagnostics.alert(
            "section '\(kind.rawValue)' is not supported by Fulcrum: \(kind.unsupportedHint)", at: location)
        }
        continue
      }
      if let section = Self.misspeltSection(first) {
        if let finished = current { sections.append(finished) }
        current = nil
        skippingUnknownSection = true
        diagnostics.alert(
          "unknown section '\(first)'; did you mean '\(section)'? Its lines are skipped up to the next section",
          at: location)
        continue
      }
      let statement = Statement(words: words, location: location)
      guard current != nil else {
        diagnostics.alert(
          "unknown keyword '\(first)' out of section: a file must start with a section ('global', 'defaults', 'frontend', 'backend', 'listen', ...)",
          at: location)
        continue
      }
      if current?.kind == .global { applyEnvironmentKeyword(statement) }
      current?.statements.append(statement)
    }
    if let finished = current { sections.append(finished) }
    for error in blocks.unclosedBlocks() {
      diagnostics.alert(error.description, at: SourceLocation(file: file, line: lineNumber))
    }
  }

  /// The first word of every statement some section accepts, known or rejected with a hint.
  static let statementKeywords: Set<String> = {
    let names =
      Array(GlobalKeywords.table.keys) + Array(ProxyKeywords.table.keys) + Array(UnsupportedKeywords.global.keys)
      + Array(UnsupportedKeywords.proxy.keys)
    return Set(names.map { String($0.split(separator: " ")[0]) }).union(["no", "default", "user", "group"])
  }()

  /// The section keyword `word` is a typo of, when it is no keyword of its own and is closer to
  /// a section keyword than to any statement keyword (`frontent` → `frontend`).
  static func misspeltSection(_ word: String) -> String? {
    guard !statementKeywords.contains(word),
      let section = KeywordSuggestion.closestMatch(to: word, among: SectionKind.allCases.map(\.rawValue))
    else { return nil }
    if let keyword = KeywordSuggestion.closestMatch(to: word, among: statementKeywords),
      keyword.distance <= section.distance
    {
      return nil
    }
    return section.name
  }

  /// The index of the first LF in `utf8`, or its end. A native string's bytes are searched
  /// in place, several times faster than walking the view.
  private static func lineEnd(in utf8: Substring.UTF8View) -> Substring.UTF8View.Index {
    let offset = utf8.withContiguousStorageIfAvailable { $0.firstIndex(of: UInt8(ascii: "\n")) }
    guard let offset else { return utf8.firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex }
    return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) } ?? utf8.endIndex
  }

  /// Handles `.if/.elif/.else/.endif` and the message directives. Returns false when the word
  /// is not a directive, so the line is treated as an ordinary statement.
  private mutating func handleDirective(
    _ words: [String], blocks: inout ConditionalBlocks, at location: SourceLocation
  ) -> Bool {
    let directive: ConditionalBlocks.Directive
    switch words[0] {
    case ".if": directive = .ifCondition
    case ".elif": directive = .elifCondition
    case ".else": directive = .elseBranch
    case ".endif": directive = .endif
    case ".diag", ".notice", ".warning", ".alert":
      if blocks.isActive { emitMessageDirective(words, at: location) }
      return true
    default:
      if blocks.isActive {
        diagnostics.alert(
          "unknown directive '\(words[0])': use .if, .elif, .else, .endif, .diag, .notice, .warning or .alert",
          at: location)
      }
      return true
    }
    let expression = words.dropFirst().joined(separator: " ")
    let evaluator = ConditionEvaluator(environment: environment)
    let error = blocks.apply(directive, at: location) { evaluator.evaluate(expression) }
    if let error { diagnostics.alert(error.description, at: location) }
    return true
  }

  private mutating func emitMessageDirective(_ words: [String], at location: SourceLocation) {
    let message = words.dropFirst().joined(separator: " ")
    switch words[0] {
    case ".diag": diagnostics.diag(message, at: location)
    case ".notice": diagnostics.notice(message, at: location)
    case ".warning": diagnostics.warning(message, at: location)
    default: diagnostics.alert(message, at: location)
    }
  }

  /// `setenv`, `presetenv`, `unsetenv` and `resetenv` take effect while reading, so the lines
  /// after them expand with the new values.
  private mutating func applyEnvironmentKeyword(_ statement: Statement) {
    let words = statement.words
    switch statement.keyword {
    case "setenv", "presetenv":
      guard words.count == 3 else {
        diagnostics.alert(
          "'\(words[0])' expects a variable name and a value, e.g. '\(words[0]) NAME value'", at: statement.location)
        return
      }
      if words[0] == "setenv" { environment.set(words[1], words[2]) } else { environment.preset(words[1], words[2]) }
    case "unsetenv":
      guard words.count >= 2 else {
        diagnostics.alert("'unsetenv' expects at least one variable name", at: statement.location)
        return
      }
      for name in words.dropFirst() { environment.unset(name) }
    case "resetenv":
      environment.reset(keeping: Array(words.dropFirst()))
    default:
      break
    }
  }
}
