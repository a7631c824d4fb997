extension ProxyKeywords {
  /// ACLs and the rule sets evaluated per connection, session, request or response.
  static let rules: [ProxyKeyword] = [
    ProxyKeyword("acl", .all, .pending(.rules)) { proxy, input throws(ConfigError) in
      let name = try input.arg(0, "a name and a criterion, e.g. 'acl is_api path_beg /api'")
      let criterion = try input.arg(1, "a criterion after the ACL name, e.g. 'acl \(name) path_beg /api'")
      let allowed = name.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:".unicodeScalars.contains(scalar)
      }
      guard allowed else {
        throw ConfigError(
          "ACL name '\(name)' contains a character that is not allowed: use letters, digits, '-', '_', '.' and ':'")
      }
      proxy.acls.append(
        ACLDefinition(
          name: name, criterion: criterion, arguments: Array(input.args.dropFirst(2)), location: input.location))
    },
    ruleSet("http-request", .all, RuleActions.httpRequest, \.httpRequest, served: ["return", "deny"]),
    ruleSet("http-response", .all, RuleActions.httpResponse, \.httpResponse),
    ruleSet("http-after-response", .all, RuleActions.httpAfterResponse, \.httpAfterResponse),
    // HAProxy rejects these outside their side rather than ignoring them.
    ruleSet(
      "tcp-request connection", .frontendSide, RuleActions.tcpRequestConnection, \.tcpRequestConnection, fatal: true),
    ruleSet("tcp-request session", .frontendSide, RuleActions.tcpRequestSession, \.tcpRequestSession, fatal: true),
    ruleSet("tcp-request content", .all, RuleActions.tcpRequestContent, \.tcpRequestContent),
    ruleSet("tcp-response content", .backendSide, RuleActions.tcpResponseContent, \.tcpResponseContent, fatal: true),
    inspectDelay("tcp-request inspect-delay", .all, \.tcpRequestInspectDelay),
    inspectDelay("tcp-response inspect-delay", .backendSide, \.tcpResponseInspectDelay),
    ProxyKeyword("redirect", .proxies, .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard let kind = head.first, ["location", "prefix", "scheme"].contains(kind), head.count >= 2 else {
        throw ConfigError(
          "'redirect' expects 'location URL', 'prefix URL' or 'scheme NAME', then options and an optional condition")
      }
      try RedirectOptions.validate(Array(head.dropFirst(2)), input)
      proxy.redirects.append(
        RuleStatement(action: kind, arguments: Array(head.dropFirst()), condition: condition, location: input.location))
    },
  ]

  static func ruleSet(
    _ name: String, _ scope: KeywordScope, _ actions: Set<String>,
    _ key: any WritableKeyPath<Proxy, [RuleStatement]> & Sendable, fatal: Bool = false, served: Set<String> = []
  ) -> ProxyKeyword {
    // With some actions served, the keyword counts as acted on and each other action (or a
    // condition, which is not evaluated yet) is reported on its own.
    ProxyKeyword(name, scope, served.isEmpty ? .pending(.rules) : .implemented, fatal: fatal) {
      proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard let action = head.first else {
        throw ConfigError("'\(name)' expects an action, e.g. '\(name) \(actions.sorted().first ?? "")'")
      }
      try RuleActions.validate(action, in: actions, keyword: name)
      if !served.isEmpty, !served.contains(action) || condition != nil {
        input.notePending(condition == nil ? action : "\(action) if/unless", .rules)
      }
      if action.hasPrefix("track-sc") || action.hasPrefix("sc-") { input.notePending(action, .persistence) }
      if action == "redirect" { try RedirectOptions.validate(Array(head.dropFirst(3)), input) }
      proxy[keyPath: key].append(
        RuleStatement(
          action: action, arguments: Array(head.dropFirst()), condition: condition, location: input.location))
    }
  }

  static func inspectDelay(
    _ name: String, _ scope: KeywordScope, _ key: any WritableKeyPath<Proxy, TimeValue?> & Sendable
  ) -> ProxyKeyword {
    ProxyKeyword(name, scope, .pending(.rules)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a time, e.g. 5s")
      proxy[keyPath: key] = try input.time(input.args[0])
    }
  }
}

/// Options after `redirect location|prefix|scheme X`.
enum RedirectOptions {
  static func validate(_ words: [String], _ input: KeywordInput) throws(ConfigError) {
    var index = 0
    while index < words.count {
      switch words[index] {
      case "code":
        guard index + 1 < words.count, let code = Int(words[index + 1]), [301, 302, 303, 307, 308].contains(code) else {
          throw ConfigError("redirect 'code' expects 301, 302, 303, 307 or 308")
        }
        index += 1
      case "set-cookie", "clear-cookie":
        guard index + 1 < words.count else { throw ConfigError("redirect '\(words[index])' expects a cookie") }
        index += 1
      case "drop-query", "append-slash", "ignore-empty", "keep-query":
        break
      default:
        throw ConfigError(
          "redirect does not know option '\(words[index])': use code, drop-query, append-slash, set-cookie, clear-cookie, ignore-empty or keep-query"
        )
      }
      index += 1
    }
  }
}
