import Foundation

extension ProxyKeywords {
  /// Keywords that concern the proxy as a whole.
  static let general: [ProxyKeyword] =
    [
      ProxyKeyword("mode", .all, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "'tcp' or 'http'")
        switch input.args[0] {
        case "tcp": proxy.mode = .tcp
        case "http":
          proxy.mode = .http
        case "health":
          throw ConfigError(
            "'mode health' was removed from HAProxy in 2.4: use 'monitor-uri' in a 'mode http' frontend")
        case "log", "spop":
          throw ConfigError("'mode \(input.args[0])' is not supported by Fulcrum: use 'mode tcp' or 'mode http'")
        default:
          throw ConfigError("unknown proxy mode '\(input.args[0])': use 'mode tcp' or 'mode http'")
        }
      },
      ProxyKeyword("disabled", [.defaults, .frontend, .backend], .implemented) {
        proxy, input throws(ConfigError) in
        try input.expectArguments(0...0, "no argument")
        proxy.disabled = true
      },
      ProxyKeyword("enabled", [.defaults, .frontend, .backend], .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(0...0, "no argument")
        proxy.disabled = false
      },
      ProxyKeyword("description", .proxies, .implemented) { proxy, input throws(ConfigError) in
        _ = try input.arg(0, "a text")
        proxy.description = input.args.joined(separator: " ")
      },
      ProxyKeyword("id", .proxies, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a positive number")
        proxy.identifier = try input.integer(input.args[0], in: 1...Int(Int32.max))
      },
      ProxyKeyword("maxconn", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of connections")
        proxy.maxconn = try input.integer(input.args[0], in: 0...Int(Int32.max))
      },
      ProxyKeyword("backlog", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of pending connections")
        proxy.backlog = try input.integer(input.args[0], in: 1...Int(Int32.max))
      },
      ProxyKeyword("fullconn", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of connections")
        proxy.fullconn = try input.integer(input.args[0], in: 0...Int(Int32.max))
      },
      ProxyKeyword("retries", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of retries")
        proxy.retries = try input.integer(input.args[0], in: 0...Int(Int32.max))
      },
      ProxyKeyword("retry-on", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        _ = try input.arg(0, "one or more failure types (conn-failure, empty-response, response-timeout, 503, ...)")
        for word in input.args
        where !retryOnKeywords.contains(word) && Int(word).map({ !(100...599).contains($0) }) ?? true {
          throw ConfigError(
            "'retry-on' does not know '\(word)': use conn-failure, empty-response, junk-response, response-timeout, 0rtt-rejected, a status code, all-retryable-errors or none\(KeywordSuggestion.hint(for: word, among: retryOnKeywords))"
          )
        }
        proxy.retryOn = input.args
      },
      ProxyKeyword("http-reuse", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "'never', 'safe', 'aggressive' or 'always'")
        guard let reuse = HTTPReuse(rawValue: input.args[0]) else {
          throw ConfigError("'http-reuse' expects 'never', 'safe', 'aggressive' or 'always', not '\(input.args[0])'")
        }
        proxy.httpReuse = reuse
      },
      ProxyKeyword("max-keep-alive-queue", .backendSide, .pending(.dataPlane)) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of queued requests")
        proxy.maxKeepAliveQueue = try input.integer(input.args[0], in: -1...Int(Int32.max))
      },
      ProxyKeyword("rate-limit sessions", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a number of sessions per second")
        proxy.rateLimitSessions = try input.integer(input.args[0], in: 0...Int(Int32.max))
      },
      ProxyKeyword("unique-id-format", .all, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a log-format string (quote it if it has spaces)")
        proxy.uniqueIDFormat = input.args[0]
      },
      ProxyKeyword("unique-id-header", .frontendSide, .pending(.observability)) { proxy, input throws(ConfigError) in
        try input.expectArguments(1...1, "a header name")
        proxy.uniqueIDHeader = input.args[0]
      },
      ProxyKeyword("source", .backendSide, .implemented) { proxy, input throws(ConfigError) in
        var source = try KeywordInput.source(try input.arg(0, "an address[:port]"))
        var rest = input.args.dropFirst()
        while let word = rest.first {
          guard rest.count >= 2 else { throw ConfigError("'source \(word)' expects a value") }
          let value = rest.dropFirst().first!
          switch word {
          case "interface": source.interface = value
          case "usesrc": throw usesrcError
          default:
            throw ConfigError("'source' does not take '\(word)'; after the address come 'interface NAME' or 'usesrc'")
          }
          rest = rest.dropFirst(2)
        }
        proxy.source = source
      },
    ] + timeouts + errorPages + compression + tcpKeepAlive

  /// `usesrc` binds the client's (or another foreign) address: transparent proxying.
  static let usesrcError = ConfigError(
    "'usesrc' (connecting from the client's or another foreign address) needs transparent proxying, which Fulcrum does not do; remove 'usesrc ...' to connect from the 'source' address"
  )

  static let retryOnKeywords: Set<String> = [
    "none", "conn-failure", "empty-response", "junk-response", "response-timeout", "0rtt-rejected",
    "all-retryable-errors",
  ]

  /// `timeout NAME VALUE`, one entry per name.
  static let timeouts: [ProxyKeyword] = Timeouts.fields.map { field in
    let scope: KeywordScope =
      field.needsFrontend ? .frontendSide : field.needsBackend ? .backendSide : .all
    let served: Set<String> = [
      "client", "server", "connect", "tunnel", "check", "http-request", "http-keep-alive", "client-fin", "server-fin",
      "queue",
    ]
    let status: KeywordStatus = served.contains(field.name) ? .implemented : .pending(.dataPlane)
    return ProxyKeyword("timeout \(field.name)", scope, status) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a time (e.g. 5s, 30000 for milliseconds)")
      proxy.timeouts[keyPath: field.key] = try input.time(input.args[0])
    }
  }

  static let compression: [ProxyKeyword] = [
    ProxyKeyword("compression algo", .all, .pending(.compression)) { proxy, input throws(ConfigError) in
      _ = try input.arg(0, "one or more algorithms (gzip, deflate, raw-deflate, identity)")
      for algorithm in input.args where !CompressionSettings.knownAlgorithms.contains(algorithm) {
        throw ConfigError("unknown compression algorithm '\(algorithm)': use gzip, deflate, raw-deflate or identity")
      }
      proxy.compression.algorithms = input.args
    },
    ProxyKeyword("compression type", .all, .pending(.compression)) { proxy, input throws(ConfigError) in
      _ = try input.arg(0, "one or more MIME types")
      proxy.compression.types = input.args
    },
    ProxyKeyword("compression offload", .all, .pending(.compression)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      proxy.compression.offload = true
    },
    ProxyKeyword("compression direction", .all, .pending(.compression)) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "'request', 'response' or 'both'")
      guard ["request", "response", "both"].contains(input.args[0]) else {
        throw ConfigError("'compression direction' expects 'request', 'response' or 'both'")
      }
      proxy.compression.direction = input.args[0]
    },
  ]
}
