extension ProxyKeywords {
  /// `option NAME [...]`. Flag options are generated from `ProxyFlag`; `no option NAME` is
  /// handled by the compiler, which passes the negation to the handler as the `no` prefix.
  static let options: [ProxyKeyword] =
    ProxyFlag.allCases.map { flag in
      let scope: KeywordScope =
        switch flag.capability {
        case .frontend?: .frontendSide
        case .backend?: .backendSide
        default: .all
        }
      let milestone: Milestone =
        switch flag {
        case .dontLogNull, .dontLogNormal, .logHealthChecks, .logSeparateErrors, .logASAP, .continuousStats,
          .socketStats:
          .observability
        case .allBackups, .persist, .preferLastServer, .checkCache: .balancing
        // In HAProxy 2.6 it only switches `http-request auth` to 407/Proxy-Authenticate and
        // the `http_auth` fetches to Proxy-Authorization for proxied requests.
        case .httpUseProxyHeader: .rules
        default: .dataPlane
        }
      // `option allbackups` is acted on by the balancing algorithms the runtime serves with;
      // `option log-health-checks` by the health checks; the TCP keep-alive options and
      // `nolinger` by the sockets of the data plane (and `tcp-smart-connect` in mode http,
      // `tcp-smart-accept` on listeners); `abortonclose`, `http-ignore-probes`,
      // `http-pretend-keepalive`, `disable-h2-upgrade`, `http-buffer-request` and
      // `idle-close-on-response` by its sessions, `accept-invalid-http-*` by their parsers, `independent-streams` by
      // the timers of mode tcp sessions, `h1-case-adjust-bogus-*` by the heads sent. `http-no-delay` asks for what Fulcrum always
      // does: every socket has TCP_NODELAY and nothing is sent with MSG_MORE, so no data waits
      // to fill a packet.
      let status: KeywordStatus =
        [
          .allBackups, .logHealthChecks, .clientTCPKeepAlive, .serverTCPKeepAlive, .tcpKeepAlive, .noLinger,
          .abortOnClose, .tcpSmartConnect, .tcpSmartAccept, .httpIgnoreProbes, .httpPretendKeepAlive, .httpNoDelay,
          .disableH2Upgrade, .httpBufferRequest, .idleCloseOnResponse, .acceptInvalidHTTPRequest,
          .acceptInvalidHTTPResponse, .independentStreams, .h1CaseAdjustBogusClient, .h1CaseAdjustBogusServer,
          .spliceAuto, .spliceRequest, .spliceResponse,
        ]
        .contains(flag) ? .implemented : .pending(milestone)
      return ProxyKeyword("option \(flag.rawValue)", scope, status) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...0, "no argument")
        if !input.isNegated, let partial = partiallyServed[flag] { input.warn(partial) }
        if input.isNegated {
          proxy.flags.remove(flag)
          proxy.negatedFlags.insert(flag)
        } else {
          proxy.flags.insert(flag)
          proxy.negatedFlags.remove(flag)
        }
      }
    } + [
      connectionMode(.keepAlive),
      connectionMode(.serverClose),
      connectionMode(.close),
      ProxyKeyword("option forceclose", .all, .implemented) { proxy, input throws(ConfigError) in
        input.warn("'option forceclose' was removed from HAProxy in 1.8; treated as 'option httpclose'")
        proxy.httpConnectionMode = input.isNegated ? .keepAlive : .close
      },
      ProxyKeyword("option redispatch", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...1, "an optional interval (retry number)")
        if input.isNegated {
          proxy.redispatch = nil
        } else {
          proxy.redispatch =
            try input.args.first.map { word throws(ConfigError) in
              try input.integer(word, in: Int(Int32.min)...Int(Int32.max))
            } ?? -1
        }
      },
      ProxyKeyword("option forwardfor", .all, .implemented) { proxy, input throws(ConfigError) in
        proxy.forwardFor = try forwardedHeader(input, defaultHeader: "X-Forwarded-For", allowIfNone: true)
      },
      ProxyKeyword("option originalto", .all, .implemented) { proxy, input throws(ConfigError) in
        proxy.originalTo = try forwardedHeader(input, defaultHeader: "X-Original-To", allowIfNone: false)
      },
      ProxyKeyword("option httplog", .frontendSide, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...1, "an optional 'clf'")
        if let word = input.args.first, word != "clf" { throw ConfigError("'option httplog' only accepts 'clf'") }
        proxy.logStyle = input.args.isEmpty ? "httplog" : "httplog clf"
      },
      ProxyKeyword("option httpslog", .frontendSide, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...0, "no argument")
        proxy.logStyle = "httpslog"
      },
      ProxyKeyword("option tcplog", .frontendSide, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...1, "an optional 'clf'")
        proxy.logStyle = "tcplog"
      },
      ProxyKeyword("option http-restrict-req-hdr-names", .all, .pending(.dataPlane)) {
        proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "'preserve', 'delete' or 'reject'")
        guard ["preserve", "delete", "reject"].contains(input.args[0]) else {
          throw ConfigError("'option http-restrict-req-hdr-names' expects 'preserve', 'delete' or 'reject'")
        }
        proxy.httpRestrictHeaderNames = input.args[0]
      },
    ] + checkOptions

  /// What Fulcrum does not do of the options it otherwise serves, said at load.
  static let partiallyServed: [ProxyFlag: String] = [
    .spliceAuto: spliceIgnored("splice-auto"), .spliceRequest: spliceIgnored("splice-request"),
    .spliceResponse: spliceIgnored("splice-response"),
    .acceptInvalidHTTPRequest:
      "'option accept-invalid-http-request': Fulcrum accepts any visible byte in header names (not whitespace, which HAProxy takes) and bytes above 0x7F in the target; HTTP/0.9 requests, other protocol names and multi-digit versions are still refused with 400",
    .acceptInvalidHTTPResponse:
      "'option accept-invalid-http-response': Fulcrum accepts any visible byte in header names (not whitespace, which HAProxy takes); multi-digit versions are still refused with 502",
  ]

  static func spliceIgnored(_ name: String) -> String {
    "'option \(name)' is ignored: Fulcrum relays data through user space and has no kernel splicing to turn on (as HAProxy with 'nosplice')"
  }

  /// The keywords `no` (and `default`) may precede: on/off options and `log`. HAProxy rejects
  /// the negation of options that take values (`no option httpchk`), and so does Fulcrum.
  static let negatable: Set<String> = Set(
    ProxyFlag.allCases.map { "option \($0.rawValue)" }
      + HTTPConnectionMode.allModes.map { "option \($0.rawValue)" }
      + ["option redispatch", "option forceclose", "option http-tunnel", "log"])

  static func connectionMode(_ mode: HTTPConnectionMode) -> ProxyKeyword {
    ProxyKeyword("option \(mode.rawValue)", .all, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      if input.isNegated {
        if proxy.httpConnectionMode == mode { proxy.httpConnectionMode = .keepAlive }
      } else {
        proxy.httpConnectionMode = mode
      }
    }
  }

  static func forwardedHeader(
    _ input: KeywordInput, defaultHeader: String, allowIfNone: Bool
  ) throws(ConfigError) -> ForwardedHeader {
    var header = ForwardedHeader(header: defaultHeader)
    var index = 0
    let args = input.args
    while index < args.count {
      switch args[index] {
      case "except":
        guard index + 1 < args.count else {
          throw ConfigError("'\(input.keyword) except' expects a network, e.g. 127.0.0.0/8")
        }
        header.except = args[index + 1]
        index += 1
      case "header":
        guard index + 1 < args.count else { throw ConfigError("'\(input.keyword) header' expects a header name") }
        header.header = args[index + 1]
        index += 1
      case "if-none" where allowIfNone:
        header.ifNone = true
      default:
        throw ConfigError(
          "'\(input.keyword)' does not know '\(args[index])': use 'except NETWORK', 'header NAME'\(allowIfNone ? " or 'if-none'" : "")"
        )
      }
      index += 1
    }
    return header
  }
}
