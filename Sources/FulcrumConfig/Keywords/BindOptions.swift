/// The options a `bind` (or `stats socket`) line accepts after its address, how many values
/// each takes, and where each is stored. Options Fulcrum has no field for yet are kept by
/// name in `Bind.written` and reported as not yet acted on, never dropped silently.
enum BindOptions {
  typealias Option = KeywordOption<Bind>

  static func flag(_ milestone: Milestone, _ key: any WritableKeyPath<Bind, Bool> & Sendable) -> Option {
    flag(.pending(milestone), key)
  }

  static func flag(_ status: KeywordStatus, _ key: any WritableKeyPath<Bind, Bool> & Sendable) -> Option {
    Option(takesValue: false, status: status) { bind, _, _ throws(ConfigError) in bind[keyPath: key] = true }
  }

  static func text(_ milestone: Milestone, _ key: any WritableKeyPath<Bind, String?> & Sendable) -> Option {
    text(.pending(milestone), key)
  }

  static func text(_ status: KeywordStatus, _ key: any WritableKeyPath<Bind, String?> & Sendable) -> Option {
    Option(takesValue: true, status: status) { bind, value, _ throws(ConfigError) in bind[keyPath: key] = value }
  }

  static func number(
    _ milestone: Milestone, _ range: ClosedRange<Int>, _ key: any WritableKeyPath<Bind, Int?> & Sendable
  ) -> Option {
    number(.pending(milestone), range, key)
  }

  static func number(
    _ status: KeywordStatus, _ range: ClosedRange<Int>, _ key: any WritableKeyPath<Bind, Int?> & Sendable
  ) -> Option {
    Option(takesValue: true, status: status) { bind, value, input throws(ConfigError) in
      bind[keyPath: key] = try input.integer(value, in: range, for: input.keyword)
    }
  }

  /// `mode`: the octal permissions of a unix socket file, checked as HAProxy checks them.
  static let socketMode = Option(takesValue: true, status: .implemented) { bind, value, _ throws(ConfigError) in
    guard !value.isEmpty, value.allSatisfy({ ("0"..."7").contains($0) }), let mode = Int(value, radix: 8),
      mode <= 0o7777
    else {
      throw ConfigError("'mode' : missing or invalid mode '\(value)' (octal integer expected)")
    }
    bind.socketMode = value
  }

  /// An option kept only by name (no typed field yet).
  static func named(_ milestone: Milestone, value: Bool) -> Option {
    Option(takesValue: value, milestone: milestone) { _, _, _ throws(ConfigError) in }
  }

  static let table: [String: Option] = {
    var table: [String: Option] = [
      "accept-proxy": flag(.implemented, \.acceptProxy),
      "v6only": flag(.implemented, \.v6only),
      "v4v6": flag(.implemented, \.v4v6),
      "transparent": flag(.implemented, \.transparent),
      "defer-accept": flag(.implemented, \.deferAccept),
      "tfo": flag(.implemented, \.tcpFastOpen),
      "ssl": flag(.tls, \.ssl),
      "strict-sni": flag(.tls, \.strictSNI),
      "name": text(.observability, \.name),
      "interface": text(.implemented, \.interface),
      "thread": text(.dataPlane, \.thread),
      "mode": socketMode,
      "user": text(.implemented, \.socketUser),
      "uid": text(.implemented, \.socketUser),
      "group": text(.implemented, \.socketGroup),
      "gid": text(.implemented, \.socketGroup),
      "alpn": text(.tls, \.alpn),
      "ca-file": text(.tls, \.caFile),
      "ciphers": text(.tls, \.ciphers),
      "ciphersuites": text(.tls, \.ciphersuites),
      "ssl-min-ver": text(.tls, \.sslMinVersion),
      "ssl-max-ver": text(.tls, \.sslMaxVersion),
      "proto": text(.dataPlane, \.protocolName),
      "level": text(.runtimeAPI, \.level),
      "expose-fd": text(.runtimeAPI, \.exposeFD),
      "maxconn": number(.implemented, 0...Int(Int32.max), \.maxconn),
      "backlog": number(.implemented, 1...Int(Int32.max), \.backlog),
      "id": number(.observability, 1...Int(Int32.max), \.identifier),
      "crt": Option(takesValue: true, milestone: .tls) { bind, value, _ throws(ConfigError) in
        bind.certificates.append(value)
      },
      "crt-list": Option(takesValue: true, milestone: .tls) { bind, value, _ throws(ConfigError) in
        bind.certificateLists.append(value)
      },
      "verify": Option(takesValue: true, milestone: .tls) { bind, value, input throws(ConfigError) in
        guard ["none", "optional", "required"].contains(value) else {
          throw ConfigError(
            "option 'verify' expects 'none', 'optional' or 'required', not '\(value)'")
        }
        bind.verify = value
      },
    ]
    for name in [
      "allow-0rtt", "generate-certificates", "no-ca-names", "no-sslv3", "no-tls-tickets", "no-tlsv10", "no-tlsv11",
      "no-tlsv12", "no-tlsv13", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13",
      "prefer-client-ciphers", "tls-tickets",
    ] {
      table[name] = named(.tls, value: false)
    }
    for name in [
      "ca-ignore-err", "ca-sign-file", "ca-sign-pass", "ca-verify-file", "crl-file", "crt-ignore-err", "curves",
      "ecdhe", "npn", "sigalgs", "client-sigalgs", "tls-ticket-keys",
    ] {
      table[name] = named(.tls, value: true)
    }
    for name in ["mss", "namespace", "nice", "tcp-ut"] { table[name] = named(.dataPlane, value: true) }
    table["severity-output"] = named(.runtimeAPI, value: true)
    table["accept-netscaler-cip"] = named(.dataPlane, value: true)
    // `shards`: one listening socket per thread group (SO_REUSEPORT); Fulcrum opens one socket
    // per address and hands accepted connections to every thread.
    table["shards"] = named(.dataPlane, value: true)
    table["process"] = Option(takesValue: true, milestone: .dataPlane) { _, _, _ throws(ConfigError) in
      throw ConfigError(
        "option 'process' was removed with multi-process mode (HAProxy 2.5): remove it, or use 'thread' to pin a listener"
      )
    }
    return table
  }()

  /// Parses `words` (the options after the address) into `bind`.
  static func parse(_ words: ArraySlice<String>, into bind: inout Bind, input: inout KeywordInput) throws(ConfigError) {
    let keyword = input.keyword
    let spelling = bind.spelling
    try Option.parse(
      words, table: table, into: &bind, owner: "\(keyword) \(spelling)", written: \.written, input: &input)
  }
}
