/// The `option NAME` switches that take no argument, with the capability each needs.
/// `no option NAME` clears one (for example one a defaults section set).
public enum ProxyFlag: String, Sendable, CaseIterable, Hashable {
  case abortOnClose = "abortonclose"
  case acceptInvalidHTTPRequest = "accept-invalid-http-request"
  case acceptInvalidHTTPResponse = "accept-invalid-http-response"
  case allBackups = "allbackups"
  case checkCache = "checkcache"
  case clientTCPKeepAlive = "clitcpka"
  case continuousStats = "contstats"
  case disableH2Upgrade = "disable-h2-upgrade"
  case dontLogNormal = "dontlog-normal"
  case dontLogNull = "dontlognull"
  case h1CaseAdjustBogusClient = "h1-case-adjust-bogus-client"
  case h1CaseAdjustBogusServer = "h1-case-adjust-bogus-server"
  case httpBufferRequest = "http-buffer-request"
  case httpDropRequestTrailers = "http-drop-request-trailers"
  case httpDropResponseTrailers = "http-drop-response-trailers"
  case httpIgnoreProbes = "http-ignore-probes"
  case httpNoDelay = "http-no-delay"
  case httpPretendKeepAlive = "http-pretend-keepalive"
  case httpUseProxyHeader = "http-use-proxy-header"
  case idleCloseOnResponse = "idle-close-on-response"
  case independentStreams = "independent-streams"
  case logHealthChecks = "log-health-checks"
  case logSeparateErrors = "log-separate-errors"
  case logASAP = "logasap"
  case noLinger = "nolinger"
  case persist = "persist"
  case preferLastServer = "prefer-last-server"
  case socketStats = "socket-stats"
  case spliceAuto = "splice-auto"
  case spliceRequest = "splice-request"
  case spliceResponse = "splice-response"
  case serverTCPKeepAlive = "srvtcpka"
  case tcpSmartAccept = "tcp-smart-accept"
  case tcpSmartConnect = "tcp-smart-connect"
  case tcpKeepAlive = "tcpka"
  case transparent = "transparent"

  /// Which side of a proxy the option concerns: `nil` for both.
  public var capability: ProxyKind? {
    switch self {
    case .abortOnClose, .allBackups, .checkCache, .h1CaseAdjustBogusServer, .httpDropRequestTrailers,
      .httpPretendKeepAlive,
      .logHealthChecks, .persist, .preferLastServer, .serverTCPKeepAlive, .tcpSmartConnect, .transparent,
      .acceptInvalidHTTPResponse:
      .backend
    case .clientTCPKeepAlive, .continuousStats, .disableH2Upgrade, .dontLogNormal, .dontLogNull,
      .h1CaseAdjustBogusClient, .httpDropResponseTrailers, .httpIgnoreProbes, .httpUseProxyHeader,
      .idleCloseOnResponse, .logSeparateErrors, .logASAP, .socketStats, .tcpSmartAccept, .acceptInvalidHTTPRequest:
      .frontend
    default:
      nil
    }
  }
}
