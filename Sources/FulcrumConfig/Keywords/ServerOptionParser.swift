/// The options of `server`, `server-template` and `default-server` lines: how many values
/// each takes, its range, and where it is stored in `ServerOptions`. Runs on the loading
/// thread.
enum ServerOptionParser {
  typealias Option = KeywordOption<ServerOptions>

  static func flag(
    _ milestone: Milestone, _ key: any WritableKeyPath<ServerOptions, Bool> & Sendable, _ value: Bool = true
  ) -> Option {
    flag(.pending(milestone), key, value)
  }

  static func flag(
    _ status: KeywordStatus, _ key: any WritableKeyPath<ServerOptions, Bool> & Sendable, _ value: Bool = true
  ) -> Option {
    Option(takesValue: false, status: status) { options, _, _ throws(ConfigError) in options[keyPath: key] = value }
  }

  static func text(_ milestone: Milestone, _ key: any WritableKeyPath<ServerOptions, String?> & Sendable) -> Option {
    text(.pending(milestone), key)
  }

  static func text(_ status: KeywordStatus, _ key: any WritableKeyPath<ServerOptions, String?> & Sendable) -> Option {
    Option(takesValue: true, status: status) { options, value, _ throws(ConfigError) in
      options[keyPath: key] = value
    }
  }

  static func number(
    _ name: String, _ milestone: Milestone, _ range: ClosedRange<Int>,
    _ key: any WritableKeyPath<ServerOptions, Int?> & Sendable
  ) -> Option {
    number(name, .pending(milestone), range, key)
  }

  static func number(
    _ name: String, _ status: KeywordStatus, _ range: ClosedRange<Int>,
    _ key: any WritableKeyPath<ServerOptions, Int?> & Sendable
  ) -> Option {
    Option(takesValue: true, status: status) { options, value, input throws(ConfigError) in
      options[keyPath: key] = try input.integer(value, in: range, for: name)
    }
  }

  static func time(
    _ name: String, _ milestone: Milestone, _ key: any WritableKeyPath<ServerOptions, TimeValue?> & Sendable
  ) -> Option {
    time(name, .pending(milestone), key)
  }

  static func time(
    _ name: String, _ status: KeywordStatus, _ key: any WritableKeyPath<ServerOptions, TimeValue?> & Sendable
  ) -> Option {
    Option(takesValue: true, status: status) { options, value, input throws(ConfigError) in
      let parsed = try input.time(value, for: name)
      if parsed.milliseconds == 0, name.hasSuffix("inter") {
        throw ConfigError("server option '\(name)' must be greater than zero")
      }
      options[keyPath: key] = parsed
    }
  }

  static func choice(
    _ name: String, _ milestone: Milestone, _ allowed: [String],
    _ key: any WritableKeyPath<ServerOptions, String?> & Sendable
  ) -> Option {
    choice(name, .pending(milestone), allowed, key)
  }

  static func choice(
    _ name: String, _ status: KeywordStatus, _ allowed: [String],
    _ key: any WritableKeyPath<ServerOptions, String?> & Sendable
  ) -> Option {
    Option(takesValue: true, status: status) { options, value, _ throws(ConfigError) in
      guard allowed.contains(value) else {
        throw ConfigError("server option '\(name)' expects one of \(allowed.joined(separator: ", ")), not '\(value)'")
      }
      options[keyPath: key] = value
    }
  }

  static func named(_ milestone: Milestone, value: Bool) -> Option {
    Option(takesValue: value, milestone: milestone) { _, _, _ throws(ConfigError) in }
  }

  static let maxInt = Int(Int32.max)

  static let table: [String: Option] = {
    var table: [String: Option] = [
      "check": flag(.implemented, \.check),
      "no-check": flag(.implemented, \.check, false),
      "inter": time("inter", .implemented, \.checkInterval),
      "fastinter": time("fastinter", .implemented, \.fastInterval),
      "downinter": time("downinter", .implemented, \.downInterval),
      "rise": number("rise", .implemented, 1...maxInt, \.rise),
      "fall": number("fall", .implemented, 1...maxInt, \.fall),
      "port": number("port", .implemented, 1...65535, \.checkPort),
      "addr": text(.implemented, \.checkAddress),
      "check-send-proxy": flag(.implemented, \.checkSendProxy),
      "check-ssl": flag(.tls, \.checkSSL),
      "no-check-ssl": flag(.tls, \.checkSSL, false),
      "check-sni": text(.tls, \.checkSNI),
      "check-alpn": text(.tls, \.checkALPN),
      "maxconn": number("maxconn", .implemented, 0...maxInt, \.maxconn),
      "minconn": number("minconn", .implemented, 0...maxInt, \.minconn),
      "maxqueue": number("maxqueue", .implemented, 0...maxInt, \.maxqueue),
      "weight": number("weight", .implemented, 0...256, \.weight),
      "cookie": text(.persistence, \.cookie),
      "backup": flag(.implemented, \.backup),
      "no-backup": flag(.implemented, \.backup, false),
      "disabled": flag(.implemented, \.disabled),
      "enabled": flag(.implemented, \.disabled, false),
      "send-proxy": flag(.implemented, \.sendProxy),
      "no-send-proxy": flag(.implemented, \.sendProxy, false),
      "send-proxy-v2": flag(.implemented, \.sendProxyV2),
      "no-send-proxy-v2": flag(.implemented, \.sendProxyV2, false),
      "ssl": flag(.tls, \.ssl),
      "no-ssl": flag(.tls, \.ssl, false),
      "verify": choice("verify", .tls, ["none", "required"], \.verify),
      "verifyhost": text(.tls, \.verifyHost),
      "sni": text(.tls, \.sni),
      "ca-file": text(.tls, \.caFile),
      "crt": text(.tls, \.certificate),
      "alpn": text(.tls, \.alpn),
      "resolvers": text(.balancing, \.resolvers),
      "resolve-prefer": choice("resolve-prefer", .balancing, ["ipv4", "ipv6"], \.resolvePrefer),
      "slowstart": time("slowstart", .implemented, \.slowstart),
      "agent-check": flag(.implemented, \.agentCheck),
      "no-agent-check": flag(.implemented, \.agentCheck, false),
      "agent-port": number("agent-port", .implemented, 1...65535, \.agentPort),
      "agent-inter": time("agent-inter", .implemented, \.agentInterval),
      "agent-send": text(.implemented, \.agentSend),
      "agent-addr": text(.implemented, \.agentAddress),
      "track": text(.implemented, \.track),
      "observe": choice("observe", .implemented, ["layer4", "layer7"], \.observe),
      "error-limit": number("error-limit", .implemented, 1...maxInt, \.errorLimit),
      "on-error": choice(
        "on-error", .implemented, ["fastinter", "fail-check", "sudden-death", "mark-down"], \.onError),
      "on-marked-down": choice("on-marked-down", .implemented, ["shutdown-sessions"], \.onMarkedDown),
      "on-marked-up": choice("on-marked-up", .implemented, ["shutdown-backup-sessions"], \.onMarkedUp),
      "pool-max-conn": number("pool-max-conn", .implemented, -1...maxInt, \.poolMaxConnections),
      "pool-purge-delay": time("pool-purge-delay", .implemented, \.poolPurgeDelay),
      "pool-low-conn": number("pool-low-conn", .implemented, 0...maxInt, \.poolLowConnections),
      "max-reuse": number("max-reuse", .implemented, -1...maxInt, \.maxReuse),
      "id": number("id", .implemented, 1...maxInt, \.identifier),
      "redir": text(.implemented, \.redirectPrefix),
      "source": Option(takesValue: true, status: .implemented) { options, value, _ throws(ConfigError) in
        options.source = try KeywordInput.source(value)
      },
      "interface": Option(takesValue: true, status: .implemented) { options, value, _ throws(ConfigError) in
        guard options.source != nil else {
          throw ConfigError(
            "server option 'interface' goes after 'source ADDR', e.g. 'source 0.0.0.0 interface \(value)'")
        }
        options.source?.interface = value
      },
      "usesrc": Option(takesValue: true, status: .implemented) { _, _, _ throws(ConfigError) in
        throw ProxyKeywords.usesrcError
      },
      "proto": text(.implemented, \.proto),
      "tfo": flag(.implemented, \.tcpFastOpen),
      "no-tfo": flag(.implemented, \.tcpFastOpen, false),
      "non-stick": flag(.persistence, \.nonStick),
      "stick": flag(.persistence, \.nonStick, false),
      "init-addr": Option(takesValue: true, milestone: .balancing) { options, value, _ throws(ConfigError) in
        let methods = value.split(separator: ",").map(String.init)
        for method in methods where !["last", "libc", "none"].contains(method) && !looksLikeIP(method) {
          throw ConfigError(
            "server option 'init-addr' expects a list of last, libc, none or an IP address, not '\(method)'")
        }
        options.initAddr = methods
      },
    ]
    for name in [
      "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "no-send-proxy-v2-ssl", "no-send-proxy-v2-ssl-cn",
    ] {
      table[name] = named(.dataPlane, value: false)
    }
    for name in [
      "allow-0rtt", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "no-ssl-reuse",
      "no-sslv3", "no-tls-tickets", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-verifyhost", "ssl-reuse",
      "tls-tickets",
    ] {
      table[name] = named(.tls, value: false)
    }
    for name in [
      "ciphers", "ciphersuites", "crl-file", "curves", "sigalgs", "client-sigalgs", "ssl-min-ver", "ssl-max-ver", "npn",
    ] {
      table[name] = named(.tls, value: true)
    }
    for name in ["check-proto", "resolve-opts", "resolve-net"] { table[name] = named(.balancing, value: true) }
    // The PROXY v2 TLVs (`ssl`, `cert-cn`, `authority`, `crc32c`, `unique-id`, ...).
    table["proxy-v2-options"] = named(.tls, value: true)
    for name in ["namespace", "tcp-ut", "ws", "socks4", "set-proxy-v2-tlv-fmt", "shard", "log-proto"] {
      table[name] = named(.dataPlane, value: true)
    }
    table["check-via-socks4"] = named(.balancing, value: false)
    return table
  }()

  static func looksLikeIP(_ text: String) -> Bool {
    text.contains(":") || text.split(separator: ".").count == 4
  }

  /// Parses `words` into `options`, for a line whose display name is `owner` (e.g.
  /// `server be/s1`), and records each option name in `options.written`.
  static func parse(
    _ words: ArraySlice<String>, into options: inout ServerOptions, owner: @autoclosure () -> String,
    input: inout KeywordInput
  ) throws(ConfigError) {
    try Option.parse(words, table: table, into: &options, owner: owner(), written: \.written, input: &input)
  }
}
