/// Every keyword of the `global` section Fulcrum knows, by name.
enum GlobalKeywords {
  static let table: [String: GlobalKeyword] = {
    var table: [String: GlobalKeyword] = [:]
    for keyword in process + limits + paths + logging + tls + tuning + legacy + compatibility {
      precondition(table[keyword.name] == nil, "duplicate global keyword \(keyword.name)")
      table[keyword.name] = keyword
    }
    return table
  }()

  static let maxInt = Int(Int32.max)

  /// Keywords a `no` prefix turns off (HAProxy 2.6 accepts `no` on these; the others it has
  /// are not in Fulcrum's table).
  static let negatable: Set<String> = ["insecure-fork-wanted"]

  static func flag(
    _ name: String, _ status: KeywordStatus, _ key: any WritableKeyPath<GlobalSettings, Bool> & Sendable
  ) -> GlobalKeyword {
    GlobalKeyword(name, status) { global, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      global[keyPath: key] = true
    }
  }

  static func text(
    _ name: String, _ status: KeywordStatus, _ key: any WritableKeyPath<GlobalSettings, String?> & Sendable
  ) -> GlobalKeyword {
    GlobalKeyword(name, status) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "one value")
      global[keyPath: key] = input.args[0]
    }
  }

  static func number(
    _ name: String, _ status: KeywordStatus, _ range: ClosedRange<Int>,
    _ key: any WritableKeyPath<GlobalSettings, Int?> & Sendable
  ) -> GlobalKeyword {
    GlobalKeyword(name, status) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a number")
      global[keyPath: key] = try input.integer(input.args[0], in: range)
    }
  }

  static func time(
    _ name: String, _ status: KeywordStatus, _ key: any WritableKeyPath<GlobalSettings, TimeValue?> & Sendable
  ) -> GlobalKeyword {
    GlobalKeyword(name, status) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a time, e.g. 30s")
      global[keyPath: key] = try input.time(input.args[0])
    }
  }

  static let process: [GlobalKeyword] = [
    flag("daemon", .pending(.processManagement), \.daemon),
    GlobalKeyword("master-worker", .pending(.processManagement)) { global, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional 'no-exit-on-failure'")
      if let word = input.args.first, word != "no-exit-on-failure" {
        throw ConfigError("'master-worker' only accepts 'no-exit-on-failure'")
      }
      global.masterWorker = true
      global.masterWorkerExitOnFailure = input.args.isEmpty
    },
    text("user", .pending(.processManagement), \.user),
    text("group", .pending(.processManagement), \.group),
    number("uid", .pending(.processManagement), 0...maxInt, \.uid),
    number("gid", .pending(.processManagement), 0...maxInt, \.gid),
    text("chroot", .pending(.processManagement), \.chroot),
    text("pidfile", .pending(.processManagement), \.pidfile),
    number("nbthread", .implemented, 1...4096, \.nbthread),
    GlobalKeyword("cpu-map", .implemented) { global, input throws(ConfigError) in
      if let mapping = try CPUMapParser.parse(&input) { global.cpuMap.append(mapping) }
    },
    number("ulimit-n", .pending(.processManagement), 1...maxInt, \.ulimitN),
    time("hard-stop-after", .implemented, \.hardStopAfter),
    time("close-spread-time", .pending(.runtimeAPI), \.closeSpreadTime),
    time("grace", .pending(.runtimeAPI), \.grace),
    // The node name `http-check send-state` sends (the stats page will show it too).
    text("node", .implemented, \.node),
    GlobalKeyword("description", .implemented) { global, input throws(ConfigError) in
      _ = try input.arg(0, "a text")
      global.description = input.args.joined(separator: " ")
    },
    flag("quiet", .implemented, \.quiet),
    flag("zero-warning", .implemented, \.zeroWarning),
    GlobalKeyword("external-check", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(0...1, "nothing, or 'preserve-env'")
      if let word = input.args.first, word != "preserve-env" {
        throw ConfigError(
          "'external-check' cannot handle unexpected argument '\(word)': only 'preserve-env' is accepted")
      }
      global.externalCheck = true
      global.externalCheckPreservesEnvironment = !input.args.isEmpty
    },
    GlobalKeyword("insecure-fork-wanted", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      global.insecureForkWanted = !input.isNegated
    },
    flag("insecure-setuid-wanted", .implemented, \.insecureSetuidWanted),
    GlobalKeyword("setenv", .implemented) { _, _ throws(ConfigError) in },
    GlobalKeyword("presetenv", .implemented) { _, _ throws(ConfigError) in },
    GlobalKeyword("unsetenv", .implemented) { _, _ throws(ConfigError) in },
    GlobalKeyword("resetenv", .implemented) { _, _ throws(ConfigError) in },
    GlobalKeyword("expose-experimental-directives", .implemented) { _, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
    },
    GlobalKeyword("stats socket", .pending(.runtimeAPI)) { global, input throws(ConfigError) in
      let spelling = try input.arg(0, "an address, e.g. '/run/haproxy/admin.sock' or 'ipv4@127.0.0.1:9999'")
      let addresses = try input.listenAddresses(spelling, for: "stats socket")
      var bind = Bind(addresses: addresses, spelling: spelling, location: input.location)
      try BindOptions.parse(input.args.dropFirst()[...], into: &bind, input: &input)
      if let level = bind.level, !["user", "operator", "admin"].contains(level) {
        throw ConfigError("'stats socket' option 'level' expects 'user', 'operator' or 'admin', not '\(level)'")
      }
      if let exposed = bind.exposeFD, exposed != "listeners" {
        throw ConfigError("'stats socket' option 'expose-fd' only accepts 'listeners', not '\(exposed)'")
      }
      global.statsSockets.append(bind)
    },
    time("stats timeout", .pending(.runtimeAPI), \.statsTimeout),
    number("stats maxconn", .pending(.runtimeAPI), 1...maxInt, \.statsMaxconn),
    GlobalKeyword("spread-checks", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a percentage between 0 and 50")
      global.spreadChecks = try input.integer(input.args[0], in: 0...50)
    },
  ]

  static let limits: [GlobalKeyword] = [
    number("maxconn", .implemented, 1...maxInt, \.maxconn),
    number("maxsslconn", .pending(.tls), 1...maxInt, \.maxsslconn),
    number("maxconnrate", .implemented, 1...maxInt, \.maxconnrate),
    number("maxsessrate", .implemented, 1...maxInt, \.maxsessrate),
  ]

  static let paths: [GlobalKeyword] = [
    text("ca-base", .implemented, \.caBase),
    text("crt-base", .implemented, \.crtBase),
    text("server-state-file", .pending(.runtimeAPI), \.serverStateFile),
    text("server-state-base", .pending(.runtimeAPI), \.serverStateBase),
  ]

  static let logging: [GlobalKeyword] = [
    GlobalKeyword("log", .pending(.observability)) { global, input throws(ConfigError) in
      let target = try LogTargetParser.parse(input.args, input)
      guard case .target = target else {
        throw ConfigError("'log global' is only meaningful in proxies; in 'global' name a target")
      }
      global.logs.append(target)
    },
    text("log-tag", .pending(.observability), \.logTag),
    GlobalKeyword("log-send-hostname", .pending(.observability)) { global, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional host name")
      global.logSendHostname = input.args.first ?? ""
    },
  ]
}
