extension ProxyKeywords {
  /// `option httpchk` and the other check presets.
  static let checkOptions: [ProxyKeyword] = [
    ProxyKeyword("option httpchk", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...3, "an optional method, URI and HTTP version")
      let args = input.args
      switch args.count {
      case 0: proxy.healthCheck.probe = .http(method: nil, uri: nil, version: nil)
      case 1: proxy.healthCheck.probe = .http(method: nil, uri: args[0], version: nil)
      case 2: proxy.healthCheck.probe = .http(method: args[0], uri: args[1], version: nil)
      default: proxy.healthCheck.probe = .http(method: args[0], uri: args[1], version: args[2])
      }
    },
    preset("ssl-hello-chk", .sslHello),
    preset("tcp-check", .tcpCheck),
    preset("redis-check", .redis),
    preset("ldap-check", .ldap),
    ProxyKeyword("option external-check", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      proxy.healthCheck.probe = .external
      proxy.healthCheck.externalLocation = input.location
    },
    ProxyKeyword("option mysql-check", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      let args = input.args
      guard args.isEmpty || (args[0] == "user" && (2...3).contains(args.count)) else {
        throw ConfigError("'option mysql-check' expects nothing or 'user NAME [post-41|pre-41]'")
      }
      if args.count == 3, !["post-41", "pre-41"].contains(args[2]) {
        throw ConfigError("'option mysql-check' expects 'post-41' or 'pre-41' after the user name")
      }
      // post-41 is the default when a user is given.
      proxy.healthCheck.probe = .mysql(
        user: args.count >= 2 ? args[1] : nil, post41: !(args.count == 3 && args[2] == "pre-41"))
    },
    ProxyKeyword("option pgsql-check", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      guard input.args.count == 2, input.args[0] == "user" else {
        throw ConfigError("'option pgsql-check' expects 'user NAME'")
      }
      proxy.healthCheck.probe = .pgsql(user: input.args[1])
    },
    ProxyKeyword("option smtpchk", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...2, "nothing, or 'HELO|EHLO DOMAIN'")
      let args = input.args
      if args.count == 1 { throw ConfigError("'option smtpchk' expects a domain after '\(args[0])'") }
      proxy.healthCheck.probe = .smtp(greeting: args.first, domain: args.count > 1 ? args[1] : nil)
    },
  ]

  static func preset(
    _ name: String, _ probe: HealthCheckSettings.Probe, _ status: KeywordStatus = .implemented
  ) -> ProxyKeyword {
    ProxyKeyword("option \(name)", .backendSide, status) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      proxy.healthCheck.probe = probe
    }
  }

  /// The `http-check` and `tcp-check` verbs health checks carry out (`FulcrumHealth`); the
  /// others (log-format sends, variables) stay "not yet acted on" and are refused at start-up on
  /// a checked backend.
  static let actedOnCheckVerbs: Set<String> = [
    "http-check comment", "http-check connect", "http-check expect", "http-check send", "http-check disable-on-404",
    "http-check send-state",
    "tcp-check comment", "tcp-check connect", "tcp-check expect", "tcp-check send", "tcp-check send-binary",
  ]

  static func checkStatus(_ keyword: String) -> KeywordStatus {
    actedOnCheckVerbs.contains(keyword) ? .implemented : .pending(.balancing)
  }

  /// `http-check ...`, `tcp-check ...` and `external-check ...`.
  static let checks: [ProxyKeyword] =
    ["comment", "connect", "expect", "send", "send-state", "set-var", "unset-var", "disable-on-404"].map { verb in
      ProxyKeyword("http-check \(verb)", .backendSide, checkStatus("http-check \(verb)")) {
        proxy, input throws(ConfigError) in
        switch verb {
        case "disable-on-404":
          try input.expectArguments(0...0, "no argument")
          proxy.healthCheck.disableOn404 = true
        case "send-state":
          try input.expectArguments(0...0, "no argument")
          proxy.healthCheck.sendState = true
        case "expect":
          try CheckRuleParser.validateExpect(input.args, keyword: "http-check expect", http: true)
          fallthrough
        default:
          if verb == "send" { try CheckRuleParser.validateHTTPSend(input.args) }
          proxy.healthCheck.httpCheckRules.append(
            RuleStatement(action: verb, arguments: input.args, condition: nil, location: input.location))
        }
      }
    }
    + ["comment", "connect", "expect", "send", "send-lf", "send-binary", "send-binary-lf", "set-var", "unset-var"].map {
      verb in
      ProxyKeyword("tcp-check \(verb)", .backendSide, checkStatus("tcp-check \(verb)")) {
        proxy, input throws(ConfigError) in
        if verb == "expect" { try CheckRuleParser.validateExpect(input.args, keyword: "tcp-check expect", http: false) }
        if verb.hasPrefix("send") && input.args.isEmpty {
          throw ConfigError("'tcp-check \(verb)' expects data to send")
        }
        proxy.healthCheck.tcpCheckRules.append(
          RuleStatement(action: verb, arguments: input.args, condition: nil, location: input.location))
      }
    } + [
      ProxyKeyword("external-check command", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "the path of the command to run")
        proxy.healthCheck.externalCommand = input.args[0]
        proxy.healthCheck.externalCommandLocation = input.location
      },
      ProxyKeyword("external-check path", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a PATH value for the command")
        proxy.healthCheck.externalPath = input.args[0]
      },
    ]
}

/// Validates the arguments of check rules, so a typo in a check is a load error rather than a
/// server that never comes up.
enum CheckRuleParser {
  static let httpMatches: Set<String> = ["status", "rstatus", "hdr", "fhdr", "string", "rstring", "custom"]
  static let tcpMatches: Set<String> = ["string", "rstring", "binary", "rbinary", "string-lf", "binary-lf", "custom"]

  static func validateExpect(_ args: [String], keyword: String, http: Bool) throws(ConfigError) {
    let allowed = http ? httpMatches : tcpMatches
    var index = 0
    let options: Set<String> = [
      "min-recv", "comment", "ok-status", "error-status", "tout-status", "on-success", "on-error", "status-code",
    ]
    while index < args.count, options.contains(args[index]) { index += 2 }
    if index < args.count, args[index] == "!" { index += 1 }
    guard index < args.count else {
      throw ConfigError("'\(keyword)' expects a match, e.g. '\(keyword) \(http ? "status 200" : "string +OK")'")
    }
    var match = args[index]
    if match.hasPrefix("!") { match.removeFirst() }
    guard allowed.contains(match) else {
      throw ConfigError(
        "'\(keyword)' does not know match '\(args[index])': use \(allowed.sorted().joined(separator: ", "))\(KeywordSuggestion.hint(for: match, among: allowed))"
      )
    }
    if match != "custom" && index + 1 >= args.count && !["hdr", "fhdr"].contains(match) {
      throw ConfigError("'\(keyword) \(match)' expects a pattern")
    }
  }

  static func validateHTTPSend(_ args: [String]) throws(ConfigError) {
    let options: Set<String> = ["meth", "uri", "uri-lf", "ver", "hdr", "body", "body-lf", "comment"]
    var index = 0
    while index < args.count {
      let option = args[index]
      guard options.contains(option) else {
        throw ConfigError(
          "'http-check send' does not know '\(option)': use meth, uri, uri-lf, ver, hdr, body, body-lf or comment")
      }
      let values = option == "hdr" ? 2 : 1
      guard index + values < args.count else { throw ConfigError("'http-check send \(option)' is missing its value") }
      index += values + 1
    }
  }
}
