extension ProxyKeywords {
  /// `stats ...` in proxies: the HTML/CSV stats page.
  static let stats: [ProxyKeyword] = [
    statsFlag("enable", \.enabled),
    statsFlag("hide-version", \.hideVersion),
    statsFlag("show-legends", \.showLegends),
    ProxyKeyword("stats uri", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a URI prefix, e.g. /haproxy?stats")
      proxy.stats.uri = input.args[0]
      proxy.stats.enabled = true
    },
    ProxyKeyword("stats realm", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a realm (use '\\ ' for spaces)")
      proxy.stats.realm = input.args[0]
      proxy.stats.enabled = true
    },
    ProxyKeyword("stats auth", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "'user:password'")
      guard input.args[0].contains(":") else { throw ConfigError("'stats auth' expects 'user:password'") }
      proxy.stats.credentials.append(input.args[0])
      proxy.stats.enabled = true
    },
    ProxyKeyword("stats refresh", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a time, e.g. 10s")
      proxy.stats.refresh = try input.time(input.args[0])
      proxy.stats.enabled = true
    },
    ProxyKeyword("stats scope", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a proxy name or '.'")
      proxy.stats.scopes.append(input.args[0])
      proxy.stats.enabled = true
    },
    ProxyKeyword("stats show-node", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional node name")
      proxy.stats.showNode = input.args.first ?? ""
    },
    ProxyKeyword("stats show-desc", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      proxy.stats.showDescription = input.args.joined(separator: " ")
    },
    ProxyKeyword("stats admin", .proxies, .pending(.observability)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.isEmpty, let condition else {
        throw ConfigError("'stats admin' expects 'if' or 'unless' and a condition")
      }
      proxy.stats.adminRules.append(condition)
    },
    ProxyKeyword("stats http-request", .proxies, .pending(.observability)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard let action = head.first, ["allow", "deny", "auth"].contains(action) else {
        throw ConfigError("'stats http-request' expects 'allow', 'deny' or 'auth [realm R]'")
      }
      proxy.stats.httpRequestRules.append(
        RuleStatement(
          action: action, arguments: Array(head.dropFirst()), condition: condition, location: input.location))
    },
  ]

  static func statsFlag(_ name: String, _ key: any WritableKeyPath<StatsPage, Bool> & Sendable) -> ProxyKeyword {
    ProxyKeyword("stats \(name)", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      proxy.stats[keyPath: key] = true
      proxy.stats.enabled = true
    }
  }

  /// `log`, `log-format` and friends.
  static let logging: [ProxyKeyword] = [
    ProxyKeyword("log", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
      if input.isNegated {
        try input.expectArguments(0...0, "no argument after 'no log'")
        proxy.logs = []
        return
      }
      proxy.logs.append(try LogTargetParser.parse(input.args, input))
    },
    logString("log-format", .frontendSide, \.logFormat),
    logString("log-format-sd", .frontendSide, \.logFormatSD),
    logString("error-log-format", .frontendSide, \.errorLogFormat),
    logString("log-tag", .all, \.logTag),
  ]

  static func logString(
    _ name: String, _ scope: KeywordScope, _ key: any WritableKeyPath<Proxy, String?> & Sendable
  ) -> ProxyKeyword {
    ProxyKeyword(name, scope, .pending(.observability)) { proxy, input throws(ConfigError) in
      guard !input.args.isEmpty else {
        throw ConfigError("'\(name)' expects a format string (quote it if it has spaces)")
      }
      if input.args.count > 1 {
        input.warn("'\(name)' has several words; they are joined with spaces. Quote the format to make this explicit")
      }
      proxy[keyPath: key] = input.args.joined(separator: " ")
    }
  }
}

/// Parses `log <target> [len N] [format F] [sample R:S] <facility> [level [minlevel]]` and
/// `log global`.
enum LogTargetParser {
  static func parse(_ args: [String], _ input: KeywordInput) throws(ConfigError) -> LogTarget {
    guard let address = args.first else {
      throw ConfigError("'log' expects 'global' or an address and a facility, e.g. 'log 127.0.0.1:514 local0'")
    }
    if address == "global" {
      guard args.count == 1 else { throw ConfigError("'log global' takes no other argument") }
      return .global
    }
    var index = 1
    var destination = LogTarget.Destination(address: address, facility: "")
    while index < args.count, ["len", "format", "sample", "profile"].contains(args[index]) {
      guard index + 1 < args.count else { throw ConfigError("'log' option '\(args[index])' expects a value") }
      let value = args[index + 1]
      switch args[index] {
      case "len": destination.maxLength = try input.integer(value, in: 80...65535, for: "log len")
      case "format":
        guard LogTarget.formats.contains(value) else {
          throw ConfigError(
            "'log format' expects one of \(LogTarget.formats.sorted().joined(separator: ", ")), not '\(value)'")
        }
        destination.format = value
      default: destination.sample = value
      }
      index += 2
    }
    guard index < args.count else { throw ConfigError("'log \(address)' expects a facility, e.g. local0") }
    let facility = args[index]
    guard LogTarget.facilities.contains(facility) else {
      throw ConfigError(
        "unknown log facility '\(facility)'\(KeywordSuggestion.hint(for: facility, among: LogTarget.facilities))")
    }
    destination.facility = facility
    index += 1
    for slot in 0..<2 where index < args.count {
      let level = args[index]
      guard LogTarget.levels.contains(level) else {
        throw ConfigError("unknown log level '\(level)'\(KeywordSuggestion.hint(for: level, among: LogTarget.levels))")
      }
      if slot == 0 { destination.level = level } else { destination.minimumLevel = level }
      index += 1
    }
    guard index == args.count else { throw ConfigError("'log' has unexpected '\(args[index])' after the levels") }
    return .target(destination)
  }
}
