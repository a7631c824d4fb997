import FulcrumCore

extension ConfigCompiler {
  mutating func compileDefaults(_ section: Section) {
    var base = Proxy(name: section.name ?? "", kind: .defaults, location: section.location)
    var parentDefaults: Proxy?
    checkFromHasAName(section)
    if let parent = section.fromDefaults {
      if let found = namedDefaults[parent] {
        base = found
        base.defaultsName = parent
        parentDefaults = found
      } else {
        diagnostics.alert(
          "defaults section '\(section.name ?? "")' inherits from unknown defaults '\(parent)': a named 'defaults \(parent)' must come before it",
          at: section.location)
      }
    }
    base.name = section.name ?? ""
    base.kind = .defaults
    base.location = section.location
    if let extra = unexpectedSectionArguments(section, allowAddress: false) {
      diagnostics.alert("'defaults' takes an optional name and 'from NAME', found '\(extra)'", at: section.location)
    }
    let rejected = applyStatements(section, to: &base, inherited: parentDefaults)
    rejectedInDefaults[section.location] = rejected.union(
      parentDefaults.map { rejectedInDefaults[$0.location] ?? [] } ?? [])
    if let name = section.name {
      if namedDefaults[name] != nil {
        diagnostics.alert(
          "defaults section '\(name)' has the same name as another defaults section", at: section.location)
      }
      namedDefaults[name] = base
    }
    currentDefaults = base
  }

  mutating func compileProxy(_ section: Section) {
    let kind: ProxyKind = section.kind == .frontend ? .frontend : section.kind == .backend ? .backend : .listen
    guard let name = section.name else {
      diagnostics.alert(
        "'\(section.kind.rawValue)' needs a name, e.g. '\(section.kind.rawValue) web'", at: section.location)
      return
    }
    do throws(ConfigError) {
      try ProxyKeywords.validateName(name, what: "proxy")
    } catch {
      diagnostics.alert(error.message, at: section.location)
    }
    var proxy = Proxy(name: name, kind: kind, location: section.location)
    var inherited: Proxy?
    checkFromHasAName(section)
    if let parent = section.fromDefaults {
      if let found = namedDefaults[parent] {
        proxy = inherit(found, name: name, kind: kind, location: section.location)
        proxy.defaultsName = parent
        inherited = found
      } else {
        diagnostics.alert(
          "\(kind.rawValue) '\(name)' uses unknown defaults section '\(parent)': declare 'defaults \(parent)' before it",
          at: section.location)
      }
    } else if let defaults = currentDefaults {
      proxy = inherit(defaults, name: name, kind: kind, location: section.location)
      proxy.defaultsName = defaults.name.isEmpty ? nil : defaults.name
      inherited = defaults
    }
    var rejected = inherited.map { rejectedInDefaults[$0.location] ?? [] } ?? []
    if let extra = unexpectedSectionArguments(section, allowAddress: kind == .listen) {
      diagnostics.alert(
        "'\(section.kind.rawValue) \(name)' has unexpected '\(extra)': only 'from DEFAULTS' may follow the name",
        at: section.location)
    }
    if kind == .listen, section.arguments.count >= 2, section.arguments[1] != "from",
      !legacyListenAddress(section.arguments[1], into: &proxy, at: section.location)
    {
      rejected.insert("bind")
    }
    // Only the proxies of the same name: scanning them all made this quadratic (and each
    // candidate a copy of a large value).
    if let position = proxyPositions[name]?.first(where: {
      proxies[$0].hasFrontend && proxy.hasFrontend || proxies[$0].hasBackend && proxy.hasBackend
    }) {
      let clash = proxies[position]
      diagnostics.alert(
        "\(kind.rawValue) '\(name)' has the same name as \(clash.kind.rawValue) '\(name)' declared at \(clash.location): rename one of them",
        at: section.location)
    }
    rejected.formUnion(applyStatements(section, to: &proxy, inherited: inherited))
    proxyPositions[name, default: []].append(proxies.count)
    proxies.append(proxy)
    rejectedInProxies.append(rejected)
  }

  mutating func checkFromHasAName(_ section: Section) {
    if section.arguments.contains("from") && section.fromDefaults == nil {
      diagnostics.alert("'from' must be followed by the name of a defaults section", at: section.location)
    }
  }

  /// A proxy starts as a copy of its defaults section, as in HAProxy.
  func inherit(_ defaults: Proxy, name: String, kind: ProxyKind, location: SourceLocation) -> Proxy {
    var proxy = defaults
    proxy.name = name
    proxy.kind = kind
    proxy.location = location
    proxy.description = nil
    proxy.identifier = nil
    return proxy
  }

  /// The first section argument that is neither the name nor `from NAME` (nor, for the legacy
  /// `listen NAME ADDR`, the address).
  func unexpectedSectionArguments(_ section: Section, allowAddress: Bool) -> String? {
    var rest = Array(section.arguments.dropFirst(section.name == nil ? 0 : 1))
    if allowAddress, let first = rest.first, first != "from" { rest.removeFirst() }
    if rest.first == "from" { rest.removeFirst(min(2, rest.count)) }
    return rest.first
  }

  /// `listen NAME ADDR:PORT`: the 1.x form with the address on the section line. Returns false
  /// when the address is rejected.
  @discardableResult
  mutating func legacyListenAddress(_ spelling: String, into proxy: inout Proxy, at location: SourceLocation) -> Bool {
    do throws(ValueError) {
      let addresses = try AddressParser.parseBindAddresses(spelling, keyword: "listen", resolver: resolver)
      diagnostics.warning(
        "'listen \(proxy.name) \(spelling)': an address on the section line is the pre-1.5 form; treated as 'bind \(spelling)' (write it as a 'bind' line)",
        at: location)
      proxy.binds.append(Bind(addresses: addresses, spelling: spelling, location: location))
      pending.note("bind", .dataPlane, at: location)
      return true
    } catch {
      diagnostics.alert("'listen \(proxy.name) \(spelling)' : \(error.description)", at: location)
      return false
    }
  }

  /// Applies every statement of `section` to `proxy`, which inherited from `inherited` (for
  /// `default option X`). Returns the keywords whose lines were rejected, so the checks after
  /// parsing do not also report them as missing.
  @discardableResult
  mutating func applyStatements(_ section: Section, to proxy: inout Proxy, inherited: Proxy?) -> Set<String> {
    var rejected: Set<String> = []
    let sectionName = section.kind.rawValue
    for statement in section.statements {
      var words = statement.words
      var negated = false
      if words.count >= 2, words[0] == "no" || words[0] == "default", words[1] == "option" || words[1] == "log" {
        negated = true
        words.removeFirst()
      }
      guard let keyword = ProxyKeywords.lookup(words) else {
        reportUnknownProxyKeyword(words, in: sectionName, at: statement.location)
        continue
      }
      if negated && !ProxyKeywords.negatable.contains(keyword.name) {
        let prefix = statement.words[0]
        diagnostics.alert(
          "'\(prefix) \(keyword.name)' is not supported (only on/off options can be \(prefix == "no" ? "negated" : "reset")): remove the line, or set the value wanted",
          at: statement.location)
        continue
      }
      guard allowed(keyword, in: proxy, at: statement.location) else { continue }
      var input = KeywordInput(
        words: words, keywordLength: keyword.wordCount, location: statement.location, resolver: resolver)
      input.isNegated = negated
      do throws(ConfigError) {
        if negated && statement.words[0] == "default" {
          try input.expectArguments(0...0, "no argument")
          Self.resetToDefaults(keyword.name, in: &proxy, from: inherited)
        } else {
          try keyword.apply(&proxy, &input)
        }
        finish(input, status: keyword.status)
      } catch {
        diagnostics.alert(error.message, at: statement.location)
        rejected.insert(keyword.name)
      }
    }
    return rejected
  }

  /// `default option X` (and `default log`): takes the value back from the defaults section the
  /// proxy inherited from, or HAProxy's default when there is none.
  static func resetToDefaults(_ keyword: String, in proxy: inout Proxy, from inherited: Proxy?) {
    let defaults = inherited ?? Proxy(name: "", kind: .defaults, location: proxy.location)
    if let flag = ProxyFlag(rawValue: String(keyword.dropFirst("option ".count))), keyword.hasPrefix("option ") {
      if defaults.flags.contains(flag) { proxy.flags.insert(flag) } else { proxy.flags.remove(flag) }
    } else if keyword == "option redispatch" {
      proxy.redispatch = defaults.redispatch
    } else if keyword == "log" {
      proxy.logs = defaults.logs
    } else {
      proxy.httpConnectionMode = defaults.httpConnectionMode
    }
  }

  mutating func reportUnknownProxyKeyword(_ words: [String], in section: String, at location: SourceLocation) {
    let first = words[0]
    let twoWords = words.prefix(2).joined(separator: " ")
    if let hint = UnsupportedKeywords.proxy[twoWords] ?? UnsupportedKeywords.proxy[first] {
      diagnostics.alert(
        "'\(UnsupportedKeywords.proxy[twoWords] == nil ? first : twoWords)' is not supported by Fulcrum: \(hint)",
        at: location)
      return
    }
    if first == "no" || first == "default", words.count >= 2 {
      diagnostics.alert(
        "'\(first)' only \(first == "no" ? "negates" : "resets") 'option NAME' and 'log', not '\(words[1])'",
        at: location)
      return
    }
    if ProxyKeywords.families.contains(first), words.count >= 2 {
      let members = ProxyKeywords.members(of: first)
      diagnostics.alert(
        "unknown '\(first)' keyword '\(words[1])' in '\(section)' section\(KeywordSuggestion.hint(for: words[1], among: members))",
        at: location)
      return
    }
    if ProxyKeywords.families.contains(first) {
      diagnostics.alert(
        "'\(first)' expects one of: \(ProxyKeywords.members(of: first).joined(separator: ", "))", at: location)
      return
    }
    if GlobalKeywords.table[first] != nil && ProxyKeywords.table[first] == nil {
      diagnostics.alert("'\(first)' is a 'global' keyword: move it to the global section", at: location)
      return
    }
    let firstWords = Set(ProxyKeywords.table.keys.map { String($0.split(separator: " ")[0]) })
    diagnostics.alert(
      "unknown keyword '\(first)' in '\(section)' section\(KeywordSuggestion.hint(for: first, among: firstWords))",
      at: location)
  }

  /// Checks the keyword against the section kind; HAProxy's "ignored because ... has no X
  /// capability" warning for most keywords, an alert for the ones that cannot be ignored.
  mutating func allowed(_ keyword: ProxyKeyword, in proxy: Proxy, at location: SourceLocation) -> Bool {
    switch proxy.kind {
    case .defaults:
      if keyword.scope.contains(.defaults) { return true }
      diagnostics.alert("'\(keyword.name)' not allowed in 'defaults' section", at: location)
      return false
    case .listen:
      return true
    case .frontend, .backend:
      let side: KeywordScope = proxy.kind == .frontend ? .frontend : .backend
      if keyword.scope.contains(side) { return true }
      let missing = proxy.kind == .frontend ? "backend" : "frontend"
      if keyword.capabilityIsFatal || !keyword.scope.contains(proxy.kind == .frontend ? .backend : .frontend) {
        diagnostics.alert(
          "'\(keyword.name)' not allowed because \(proxy.kind.rawValue) '\(proxy.name)' has no \(missing) capability",
          at: location)
      } else {
        diagnostics.warning(
          "'\(keyword.name)' ignored because \(proxy.kind.rawValue) '\(proxy.name)' has no \(missing) capability",
          at: location)
      }
      return false
    }
  }
}
