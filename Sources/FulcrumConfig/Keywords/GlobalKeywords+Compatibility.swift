extension GlobalKeywords {
  /// HAProxy 2.6 global keywords that configurations carry for pollers, pipes, memory and
  /// limits: each is either what Fulcrum always does, ignored with a warning saying why, or
  /// parsed for the milestone that brings it. None is an unknown keyword.
  static let compatibility: [GlobalKeyword] = alwaysInEffect + ignored + later + [unixBind]

  /// `unix-bind`: name/value pairs, each name once.
  static let unixBind = GlobalKeyword("unix-bind", .implemented) { global, input throws(ConfigError) in
    let args = input.args
    guard !args.isEmpty, args.count % 2 == 0 else {
      throw ConfigError(
        "'unix-bind' expects pairs among prefix, mode, user, uid, group and gid, e.g. 'unix-bind mode 600'")
    }
    var defaults = UnixBindDefaults()
    for index in stride(from: 0, to: args.count, by: 2) {
      let value = args[index + 1]
      switch args[index] {
      case "prefix": defaults.prefix = value
      case "mode": defaults.mode = value
      case "user", "uid": defaults.user = value
      case "group", "gid": defaults.group = value
      default:
        throw ConfigError(
          "'unix-bind' does not know '\(args[index])'; it takes prefix, mode, user, uid, group and gid")
      }
    }
    global.unixBind = defaults
  }

  /// Asking for what Fulcrum does anyway: no splicing (so no pipes), no `SO_REUSEPORT` on
  /// listeners, no `malloc_trim`, and on Linux no poll, kqueue or event ports.
  static let alwaysInEffect: [GlobalKeyword] = [
    noArgument("nosplice"), noArgument("noreuseport"), noArgument("no-memory-trimming"), noArgument("nopoll"),
    noArgument("nokqueue"), noArgument("noevports"),
    GlobalKeyword("maxpipes", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a number of pipes")
      global.tune["maxpipes"] = try input.integer(input.args[0], in: 0...maxInt)
    },
    GlobalKeyword("h1-accept-payload-with-any-method", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      global.h1AcceptPayloadWithAnyMethod = true
    },
  ]

  /// Choices Fulcrum cannot make: said at load, so nobody counts on them.
  static let ignored: [GlobalKeyword] = [
    warned("noepoll", "Fulcrum's event loops always use epoll on Linux"),
    warned("busy-polling", "Fulcrum's event loops sleep in epoll_wait rather than spin"),
    warned("nogetaddrinfo", "Fulcrum resolves host names with getaddrinfo"),
    warnedValue("tune.buffers.limit", "Fulcrum allocates buffers per connection, with no shared pool to bound"),
    warnedValue("tune.buffers.reserve", "Fulcrum allocates buffers per connection, with no shared pool to reserve in"),
    warnedValue("tune.sched.low-latency", "Fulcrum's event loops have no task classes to reorder"),
  ]

  /// Parsed (values checked) for the milestone that acts on them.
  static let later: [GlobalKeyword] = [
    flagLater("set-dumpable", .processManagement), flagLater("strict-limits", .processManagement),
    numberLater("fd-hard-limit", .processManagement), wordsLater("default-path", 1...2, .processManagement),
    time("max-spread-checks", .implemented, \.maxSpreadChecks),
    flag("pp2-never-send-local", .implemented, \.pp2NeverSendLocal), numberLater("maxsslrate", .tls),
    numberLater("tune.ssl.capture-cipherlist-size", .tls), flagLater("tune.ssl.force-private-cache", .tls),
    numberLater("tune.ssl.hard-maxrecord", .tls), wordsLater("tune.ssl.keylog", 1...1, .tls),
    flagLater("ssl-skip-self-issued-ca", .tls), wordsLater("issuers-chain-path", 1...1, .tls),
    numberLater("maxcompcpuusage", .compression), numberLater("maxcomprate", .compression),
    numberLater("maxzlibmem", .compression), flagLater("h2-workaround-bogus-websocket-clients", .dataPlane),
  ]

  private static func noArgument(_ name: String) -> GlobalKeyword {
    GlobalKeyword(name, .implemented) { _, input throws(ConfigError) in try input.expectArguments(0...0, "no argument")
    }
  }

  private static func warned(_ name: String, _ reason: String) -> GlobalKeyword {
    GlobalKeyword(name, .implemented) { _, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      input.warn("'\(name)' is ignored: \(reason)")
    }
  }

  private static func warnedValue(_ name: String, _ reason: String) -> GlobalKeyword {
    GlobalKeyword(name, .implemented) { _, input throws(ConfigError) in
      try input.expectArguments(1...1, "one value")
      input.warn("'\(name)' is ignored: \(reason)")
    }
  }

  private static func flagLater(_ name: String, _ milestone: Milestone) -> GlobalKeyword {
    GlobalKeyword(name, .pending(milestone)) { global, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      global.laterSettings[name] = []
    }
  }

  private static func numberLater(_ name: String, _ milestone: Milestone) -> GlobalKeyword {
    GlobalKeyword(name, .pending(milestone)) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a number")
      global.tune[name] = try input.integer(input.args[0], in: 0...maxInt)
    }
  }

  private static func wordsLater(_ name: String, _ count: ClosedRange<Int>, _ milestone: Milestone) -> GlobalKeyword {
    GlobalKeyword(name, .pending(milestone)) { global, input throws(ConfigError) in
      try input.expectArguments(count, count.lowerBound == count.upperBound ? "one value" : "its values")
      global.laterSettings[name] = input.args
    }
  }
}
