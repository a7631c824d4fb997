import FulcrumCore

/// A `frontend`, `backend` or `listen` section (or a `defaults` section, which is a proxy
/// template) after validation: defaults folded in, every keyword parsed into a typed field.
/// Immutable once loading is done; shared read-only with every event loop.
public struct Proxy: Sendable, Equatable {
  public var name: String
  public var kind: ProxyKind
  public var location: SourceLocation
  /// The defaults section this proxy inherited from (`nil` for none).
  public var defaultsName: String?

  public var mode: ProxyMode = .tcp
  public var disabled = false
  public var description: String?
  public var identifier: Int?
  public var timeouts = Timeouts()
  public var maxconn: Int?
  public var backlog: Int?
  public var fullconn: Int?
  public var retries: Int?
  public var retryOn: [String] = []
  public var redispatch: Int?
  public var flags: Set<ProxyFlag> = []
  /// The flags turned off by `no option NAME` (here or in the defaults): the options HAProxy
  /// enables by default in some modes (`tcp-smart-accept` in `mode http`) stay off.
  public var negatedFlags: Set<ProxyFlag> = []
  /// `clitcpka-cnt`, `clitcpka-idle`, `clitcpka-intvl`.
  public var clientKeepAlive = TCPKeepAliveTuning()
  /// `srvtcpka-cnt`, `srvtcpka-idle`, `srvtcpka-intvl`.
  public var serverKeepAlive = TCPKeepAliveTuning()
  public var httpConnectionMode: HTTPConnectionMode = .keepAlive
  public var httpReuse: HTTPReuse?
  public var httpRestrictHeaderNames: String?
  public var forwardFor: ForwardedHeader?
  public var originalTo: ForwardedHeader?
  public var maxKeepAliveQueue: Int?
  public var rateLimitSessions: Int?

  // Frontend side.
  public var binds: [Bind] = []
  public var defaultBackend: String?
  /// Where `default_backend` was written (in the proxy or the defaults section it inherited).
  public var defaultBackendLocation: SourceLocation?
  public var useBackend: [SwitchingRule] = []
  public var monitorURI: String?
  public var monitorFail: [RuleCondition] = []
  /// `monitor-net`: clients from this IPv4 network get HAProxy 2.0's monitor answer.
  public var monitorNetwork: IPNetwork?
  public var captures: [Capture] = []

  // Backend side.
  public var servers: [Server] = []
  public var serverTemplates: [ServerTemplate] = []
  public var defaultServer = ServerOptions()
  public var balance: BalanceAlgorithm?
  /// Where `balance` was written (this section or its defaults), for messages.
  public var balanceLocation: SourceLocation?
  public var hashType = HashType()
  public var hashBalanceFactor: Int?
  public var useServer: [SwitchingRule] = []
  public var cookie: CookiePersistence?
  public var healthCheck = HealthCheckSettings()
  public var persistRDPCookie: String?
  public var forcePersist: [RuleCondition] = []
  public var ignorePersist: [RuleCondition] = []
  public var source: SourceBinding?
  public var httpSendNameHeader: String?
  public var loadServerStateFromFile: String?
  public var serverStateFileName: String?

  // Rules, in order.
  public var acls: [ACLDefinition] = []
  public var httpRequest: [RuleStatement] = []
  public var httpResponse: [RuleStatement] = []
  public var httpAfterResponse: [RuleStatement] = []
  public var tcpRequestConnection: [RuleStatement] = []
  public var tcpRequestSession: [RuleStatement] = []
  public var tcpRequestContent: [RuleStatement] = []
  public var tcpResponseContent: [RuleStatement] = []
  public var tcpRequestInspectDelay: TimeValue?
  public var tcpResponseInspectDelay: TimeValue?
  public var redirects: [RuleStatement] = []
  public var stickRules: [RuleStatement] = []
  public var stickTable: StickTableDefinition?

  // Logging.
  public var logs: [LogTarget] = []
  public var logFormat: String?
  public var logFormatSD: String?
  public var errorLogFormat: String?
  public var logTag: String?
  /// `option httplog [clf]`, `option httpslog`, `option tcplog`.
  public var logStyle: String?
  public var uniqueIDFormat: String?
  public var uniqueIDHeader: String?

  public var stats = StatsPage()
  public var errors = ErrorResponses()
  public var compression = CompressionSettings()

  public init(name: String, kind: ProxyKind, location: SourceLocation) {
    self.name = name
    self.kind = kind
    self.location = location
  }

  public var hasFrontend: Bool { kind.hasFrontend }
  public var hasBackend: Bool { kind.hasBackend }
}
