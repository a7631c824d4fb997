import FulcrumBalancing
import FulcrumConfig
import FulcrumCore
import FulcrumHealth
import FulcrumProxy
import NIOCore

/// What the data plane will run, compiled from a validated configuration: one entry per
/// frontend with the sockets to listen on and the sessions' settings. Built off the event
/// loops at start-up; immutable afterwards. Parts of a configuration this build cannot serve
/// yet are refused here with a `RuntimeError` naming them, never silently skipped.
public struct ServingPlan: Sendable {
  public struct Frontend: Sendable {
    public var name: String
    public var backendName: String
    /// The frontend's listening sockets with their `bind` options, in `bind` line order.
    public var listeners: [Listener]
    public var maxconn: Int?
    /// `rate-limit sessions`: new sessions per second on this frontend (0 or unset: none).
    public var sessionRate: Int?
    /// `timeout client`: also bounds the wait for an `accept-proxy` header, as in HAProxy 2.6.
    public var clientTimeout: TimeAmount?
    public var session: TCPSessionSettings
    /// How the backend picks among `session.servers` (same order, declaration order).
    public var balancing: BackendBalancing
    /// For a `mode http` frontend, how its HTTP sessions run; `nil` in `mode tcp`.
    public var http: HTTPSessionSettings?
    /// How the backend pools idle server connections (`mode http`).
    public var pool: HTTPPoolSettings
    /// `monitor-net`: clients from this network get HAProxy 2.0's monitor answer instead of
    /// a session.
    public var monitorNetwork: IPNetwork?
    /// The backend servers' `observe`, `on-marked-down` and `on-marked-up`, when any uses one.
    public var observation: ServerObservationSettings?
    /// The frontend's options for its client connections' sockets.
    public var clientSocket = SocketTuning()
  }

  public var frontends: [Frontend]
  public var globalMaxconn: Int?
  /// `maxconnrate` and `maxsessrate`: new connections (sessions) per second for the process.
  /// Every accepted connection is a session here (no `tcp-request connection` rule drops one
  /// before), so the two count the same events and the lower limit governs.
  public var globalConnectionRate: Int?
  /// `nbthread`, or `nil` to use the CPUs this process may run on.
  public var threads: Int?
  /// `cpu-map` lines, applied to the event loop threads when the runtime starts.
  public var cpuMap: [CPUMapping] = []
  /// The checks of the backends served (`FulcrumHealth`).
  public var healthChecks: [BackendHealthPlan] = []
  /// `tune.maxaccept`: connections a listener accepts per wake-up (nil: NIO's default of 4;
  /// -1 in the configuration: no limit).
  public var maxAccept: Int?
  /// `max-spread-checks`: the most the first checks are spread over at start-up.
  public var maxSpreadChecks: Duration?

  /// HAProxy's default `retries`.
  static let defaultRetries = 3
  /// The global `maxconn` assumed when the configuration sets none (HAProxy derives it from the
  /// file descriptor limit).
  static let defaultGlobalMaxconn = 4_096
  /// Used when `timeout connect` is not set (HAProxy then warns; NIO needs a bound).
  static let fallbackConnectTimeout = TimeAmount.seconds(10)

  public static func build(_ configuration: FulcrumConfiguration) throws(RuntimeError) -> ServingPlan {
    var frontends: [Frontend] = []
    for proxy in configuration.proxies where proxy.hasFrontend && !proxy.disabled {
      frontends.append(try frontend(proxy, in: configuration))
    }
    guard !frontends.isEmpty else {
      throw RuntimeError("the configuration has no frontend or listen section with a 'bind' line: nothing to serve")
    }
    #if !os(Linux)
    if let line = configuration.global.cpuMap.first {
      throw RuntimeError(
        "'cpu-map \(line.spelling)' (\(line.location)): binding threads to CPUs is only supported on Linux; remove the line"
      )
    }
    #endif
    setDefaultFullConnections(&frontends, globalMaxconn: configuration.global.maxconn)
    var plan = ServingPlan(
      frontends: frontends, globalMaxconn: configuration.global.maxconn, threads: configuration.global.nbthread,
      cpuMap: configuration.global.cpuMap)
    plan.globalConnectionRate = [configuration.global.maxconnrate, configuration.global.maxsessrate]
      .compactMap { $0 }.min()
    plan.healthChecks = try healthPlans(in: configuration)
    plan.maxSpreadChecks = configuration.global.maxSpreadChecks.map { .milliseconds($0.milliseconds) }
    plan.maxAccept = configuration.global.tune["tune.maxaccept"].map { $0 < 0 ? Int(Int32.max) : max($0, 1) }
    plan.applyInheritedMaintenance()
    return plan
  }

  /// A backend without `fullconn` gets HAProxy's default: 10% of the `maxconn` of the
  /// frontends sending it sessions (each frontend's own, else the global one).
  static func setDefaultFullConnections(_ frontends: inout [Frontend], globalMaxconn: Int?) {
    var sums: [String: Int] = [:]
    for frontend in frontends {
      let own = frontend.maxconn.flatMap { $0 > 0 ? $0 : nil }
      sums[frontend.backendName, default: 0] += own ?? globalMaxconn ?? defaultGlobalMaxconn
    }
    for index in frontends.indices where frontends[index].balancing.fullConnections == 0 {
      frontends[index].balancing.fullConnections = max(1, (sums[frontends[index].backendName] ?? 0) / 10)
    }
  }

  static func frontend(_ proxy: Proxy, in configuration: FulcrumConfiguration) throws(RuntimeError) -> Frontend {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    guard !proxy.binds.isEmpty else { throw RuntimeError("\(label) has no 'bind' line") }
    let backend = try backend(for: proxy, in: configuration)
    guard backend.mode == proxy.mode else {
      throw RuntimeError(
        "\(label) is 'mode \(proxy.mode.rawValue)' but its backend '\(backend.name)' is 'mode \(backend.mode.rawValue)': give both the same mode"
      )
    }
    var listeners: [Listener] = []
    for bind in proxy.binds {
      listeners += try Self.listeners(
        for: bind, frontendBacklog: proxy.backlog, label: label, delaysAcceptAck: Self.delaysAcceptAck(proxy),
        unixDefaults: configuration.global.unixBind)
    }
    let servers = try upstreamServers(of: backend)
    let balancing = try proxy.mode == .http ? BackendBalancing.http(backend) : BackendBalancing.tcp(backend)
    let timeouts = backend.timeouts
    let idle = [proxy.timeouts.client, timeouts.server].compactMap { $0 }.min()
    var session = TCPSessionSettings(
      servers: servers,
      connectTimeout: amount(timeouts.connect) ?? fallbackConnectTimeout,
      idleTimeout: amount(timeouts.tunnel ?? idle),
      halfClosedTimeout: amount([proxy.timeouts.clientFin, timeouts.serverFin].compactMap { $0 }.min()),
      retries: backend.retries ?? defaultRetries,
      redispatchInterval: backend.redispatch,
      queueTimeout: amount(timeouts.queue))
    session.serverSocket = serverSocket(of: backend, global: configuration.global)
    session.abortOnClose = backend.flags.contains(.abortOnClose)
    let clientIndependent = proxy.flags.contains(.independentStreams)
    let serverIndependent = backend.flags.contains(.independentStreams)
    if proxy.mode == .tcp, clientIndependent || serverIndependent {
      session.independentStreams = IndependentStreams(
        clientTimeout: amount(timeouts.tunnel ?? proxy.timeouts.client),
        serverTimeout: amount(timeouts.tunnel ?? timeouts.server), client: clientIndependent, server: serverIndependent)
    }
    let http =
      proxy.mode == .http ? try httpSettings(proxy, backend: backend, session: session, in: configuration) : nil
    return Frontend(
      name: proxy.name, backendName: backend.name, listeners: listeners, maxconn: proxy.maxconn,
      sessionRate: proxy.rateLimitSessions.flatMap { $0 > 0 ? $0 : nil }, clientTimeout: amount(proxy.timeouts.client),
      session: session,
      balancing: balancing, http: http, pool: poolSettings(backend), monitorNetwork: proxy.monitorNetwork,
      observation: observation(of: backend), clientSocket: clientSocket(of: proxy, global: configuration.global))
  }

  /// What the backend's servers ask of the data plane with `observe`, `on-marked-down` and
  /// `on-marked-up`; nil when none does.
  static func observation(of backend: Proxy) -> ServerObservationSettings? {
    let settings = ServerObservationSettings(
      servers: backend.servers.map { server in
        let options = server.options
        return ServerObservationSettings.Server(
          observe: options.observe.flatMap(ObserveLayer.init(rawValue:)), errorLimit: options.errorLimit ?? 10,
          shutdownSessionsOnDown: options.onMarkedDown == "shutdown-sessions",
          shutdownBackupSessionsOnUp: options.onMarkedUp == "shutdown-backup-sessions", isBackup: options.backup,
          isInitiallyUp: !options.disabled)
      })
    return settings.isNeeded ? settings : nil
  }

  /// The backend a frontend's sessions go to: the first `use_backend` (which must be
  /// unconditional until rules are evaluated), else `default_backend`, else itself (`listen`).
  static func backend(for proxy: Proxy, in configuration: FulcrumConfiguration) throws(RuntimeError) -> Proxy {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    if let rule = proxy.useBackend.first {
      guard rule.condition == nil else {
        throw RuntimeError(
          "\(label): 'use_backend \(rule.target) \(rule.condition?.polarity.rawValue ?? "") ...' (\(rule.location)) has a condition, and conditions are not evaluated yet: use 'default_backend' or an unconditional 'use_backend'"
        )
      }
      guard let target = configuration.backend(named: rule.target) else {
        throw RuntimeError("\(label): no backend '\(rule.target)'")
      }
      return target
    }
    if let name = proxy.defaultBackend {
      guard let target = configuration.backend(named: name) else {
        throw RuntimeError("\(label): no backend '\(name)'")
      }
      return target
    }
    if proxy.hasBackend { return proxy }
    throw RuntimeError("\(label) has no 'default_backend': add one so connections have somewhere to go")
  }

  /// Every server of the backend in declaration order, backups and `disabled` ones included:
  /// the balancing algorithm decides which take traffic, and its server indexes are these.
  static func upstreamServers(of backend: Proxy) throws(RuntimeError) -> [UpstreamServer] {
    var servers: [UpstreamServer] = []
    for server in backend.servers {
      servers.append(try upstream(server, in: backend))
    }
    return servers
  }

  /// `send-proxy-v2` wins over `send-proxy` when both are set, as in HAProxy.
  static func sendProxy(_ server: Server) -> ProxyHeader.Version? {
    server.options.sendProxyV2 ? .v2 : (server.options.sendProxy ? .v1 : nil)
  }

  static func upstream(_ server: Server, in backend: Proxy) throws(RuntimeError) -> UpstreamServer {
    let label = "server \(backend.name)/\(server.name) (\(server.location))"
    var upstream = UpstreamServer(
      name: server.name, address: try address(of: server, label: label), sendProxy: sendProxy(server))
    upstream.maxReuse = server.options.maxReuse.flatMap { $0 < 0 ? nil : $0 }
    upstream.fastOpen = server.options.tcpFastOpen && upstream.address.protocol != .unix
    if let proto = server.options.proto, proto != "h1" || backend.mode != .http {
      throw RuntimeError(
        "\(label): 'proto \(proto)': Fulcrum speaks HTTP/1.1 to servers (in mode http; no 'proto' in mode tcp); remove it, or write 'proto h1'"
      )
    }
    // The configuration refuses `redir` outside `mode http`.
    upstream.redirect = server.options.redirectPrefix.map(HTTPServerRedirect.init(prefix:))
    // A UNIX-socket server has no source address to bind: HAProxy skips the backend's
    // `source` for it, and a `source` on its own line is refused rather than ignored.
    let isUnix = upstream.address.protocol == .unix
    if isUnix, server.options.source != nil {
      throw RuntimeError("\(label): 'source' binds an IP address, and this server is a UNIX socket; remove it")
    }
    if !isUnix, let source = server.options.source ?? backend.source {
      let bound = try upstreamSource(source, label: label)
      guard bound.address.protocol == upstream.address.protocol else {
        throw RuntimeError(
          "\(label): source \(source.address) and the server's address \(upstream.address) are of different IP families; give a source of the server's family"
        )
      }
      upstream.source = bound
    }
    return upstream
  }

  /// A server's `source` (its own, else its backend's) as the sockets bind it.
  static func upstreamSource(_ source: SourceBinding, label: String) throws(RuntimeError) -> UpstreamSource {
    if let interface = source.interface, interface.utf8.count > UpstreamSource.maximumInterfaceNameBytes {
      throw RuntimeError(
        "\(label): interface name '\(interface)' is longer than \(UpstreamSource.maximumInterfaceNameBytes) bytes")
    }
    do {
      let address = try SocketAddress(ipAddress: source.address.description, port: Int(source.port ?? 0))
      return UpstreamSource(address: address, interface: source.interface)
    } catch {
      throw RuntimeError("\(label): source \(source.address): \(error)")
    }
  }

  private static func address(of server: Server, label: String) throws(RuntimeError) -> SocketAddress {
    do {
      switch server.address {
      case .ip(let ip, .fixed(let port)) where !ip.isAny:
        return try SocketAddress(ipAddress: ip.description, port: Int(port))
      case .hostName(_, _, .fixed(let port)):
        guard let first = server.resolvedAddresses.first else {
          throw RuntimeError("\(label): its host name did not resolve at start-up")
        }
        return try SocketAddress(ipAddress: first, port: Int(port))
      case .unixPath(let path):
        return try SocketAddress(unixDomainSocketPath: path)
      default:
        throw RuntimeError(
          "\(label): addresses without a fixed port, port offsets, the client's destination and abstract sockets are not served yet; give an IP address and port"
        )
      }
    } catch let error as RuntimeError {
      throw error
    } catch {
      throw RuntimeError("\(label): \(error)")
    }
  }
}
