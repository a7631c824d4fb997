extension ProxyKeywords {
  /// `clitcpka-cnt|idle|intvl` (frontend side) and `srvtcpka-cnt|idle|intvl` (backend side):
  /// a count of probes, and times counted in seconds by default, as in HAProxy.
  static let tcpKeepAlive: [ProxyKeyword] =
    [("cli", KeywordScope.frontendSide, \Proxy.clientKeepAlive), ("srv", .backendSide, \Proxy.serverKeepAlive)]
    .flatMap { prefix, scope, side in
      [
        ProxyKeyword("\(prefix)tcpka-cnt", scope, .implemented) { proxy, input throws(ConfigError) in
          try input.expectArguments(1...1, "a number of keep-alive probes")
          proxy[keyPath: side].count = try input.integer(input.args[0], in: 1...Int(Int32.max))
        },
        ProxyKeyword("\(prefix)tcpka-idle", scope, .implemented) { proxy, input throws(ConfigError) in
          try input.expectArguments(1...1, "a time (seconds by default)")
          proxy[keyPath: side].idle = try keepAliveTime(input)
        },
        ProxyKeyword("\(prefix)tcpka-intvl", scope, .implemented) { proxy, input throws(ConfigError) in
          try input.expectArguments(1...1, "a time (seconds by default)")
          proxy[keyPath: side].interval = try keepAliveTime(input)
        },
      ]
    }

  /// A keep-alive time: whole seconds, at least one (the socket options count in seconds).
  private static func keepAliveTime(_ input: KeywordInput) throws(ConfigError) -> TimeValue {
    let time: TimeValue
    do throws(ValueError) {
      time = try TimeValue.parse(input.args[0], keyword: input.keyword, defaultUnit: .seconds)
    } catch {
      throw ConfigError(error.description)
    }
    guard time.milliseconds >= 1000 else {
      throw ConfigError("'\(input.keyword)' must be at least 1 second, not '\(input.args[0])'")
    }
    return time
  }
}
