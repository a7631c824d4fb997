import FulcrumConfig
import FulcrumCore
import FulcrumHealth
import FulcrumProxy
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs a `ServingPlan`: binds every listener on the event loop group, gives each loop its own
/// server selectors, and closes the listeners on stop. Control plane: `start` and `stop` are
/// called from the service (async) context; sessions run entirely on the loops.
public final class ProxyRuntime: Sendable {
  public let plan: ServingPlan
  let group: any EventLoopGroup
  /// The listening channels, in plan order (tests read their socket options).
  let listeners = NIOLockedValueBox<[any Channel]>([])
  /// Every frontend's sessions, for the soft stop.
  private let servings = NIOLockedValueBox<[FrontendSessions]>([])
  let healthChecker = NIOLockedValueBox<HealthChecker?>(nil)
  /// Health changes, written to standard error as HAProxy words them.
  public let healthLog = HealthLog()
  /// Every session of every frontend, for soft stop and `show info`.
  private let sessions = ConnectionLimit(limit: nil)
  private let warnings = NIOLockedValueBox<[String]>([])

  /// What `start` could not do but did not stop for (as HAProxy, a `cpu-map` naming CPUs this
  /// machine lacks leaves the thread unbound), for the service to log.
  public var startWarnings: [String] { warnings.withLockedValue { $0 } }

  /// Sessions currently open.
  public var activeSessions: Int { sessions.count }

  /// The number of event loops sessions are spread over.
  public var threadCount: Int { group.makeIterator().reduce(0) { count, _ in count + 1 } }

  public init(plan: ServingPlan, group: any EventLoopGroup) {
    self.plan = plan
    self.group = group
  }

  /// Binds every listener; returns the bound addresses in plan order (frontend by frontend;
  /// an `fd@` listener's is the inherited socket's own).
  public func start() async throws -> [SocketAddress] {
    await bindThreadsToCPUs()
    let global = ConnectionLimit(limit: plan.globalMaxconn)
    let globalRate = plan.globalConnectionRate.map { [SharedEventRate(limit: $0)] } ?? []
    var bound: [SocketAddress] = []
    // One selector and idle pool per backend and event loop, shared by the frontends using it.
    var backends: [String: PerLoopBackend] = [:]
    let descriptors = HTTPDescriptorBudget(
      clients: sessions, globalMaxconn: plan.globalMaxconn ?? ServingPlan.defaultGlobalMaxconn)
    for frontend in plan.frontends {
      let selectors =
        backends[frontend.backendName]
        ?? PerLoopBackend(
          group: group, balancing: frontend.balancing, pool: frontend.pool, globalMaxconn: plan.globalMaxconn,
          descriptors: descriptors, observation: frontend.observation,
          errorLimitReached: observedErrorsReporter(backend: frontend.backendName))
      backends[frontend.backendName] = selectors
      let serving = FrontendSessions(frontend: frontend, backend: selectors, group: group)
      servings.withLockedValue { $0.append(serving) }
      let limits = [global, ConnectionLimit(limit: frontend.maxconn)].filter { $0.limit != nil } + [sessions]
      // One `rate-limit sessions` counter for all of the frontend's listeners.
      let rates = globalRate + (frontend.sessionRate.map { [SharedEventRate(limit: $0)] } ?? [])
      for listener in frontend.listeners {
        let own = listener.maxconn.map { [ConnectionLimit(limit: $0)] } ?? []
        let channel = try await bind(
          listener, frontend: frontend.name, limits: own + limits, rates: rates, serving: serving)
        listeners.withLockedValue { $0.append(channel) }
        if let local = channel.localAddress { bound.append(local) }
      }
    }
    try startHealthChecks(backends: backends)
    return bound
  }

  private func bind(
    _ listener: ServingPlan.Listener, frontend: String, limits: [ConnectionLimit], rates: [SharedEventRate],
    serving: FrontendSessions
  ) async throws -> any Channel {
    let acceptProxy = listener.acceptProxy
    let clientSocket = serving.frontend.clientSocket
    var bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .serverChannelOption(.backlog, value: Int32(listener.backlog ?? 1024))
      .serverChannelInitializer { [warnings] channel in
        channel.eventLoop.makeCompletedFuture {
          // As HAProxy, a socket option the system refuses is a warning, not a failure to bind.
          for (option, value, name) in Self.tuning(listener) {
            do {
              try channel.syncOptions?.setOption(option, value: value)
            } catch {
              warnings.withLockedValue {
                $0.append("frontend '\(frontend)': \(listener.label): cannot enable \(name): \(error)")
              }
            }
          }
          try channel.pipeline.syncOperations.addHandler(AcceptLimiter(limits: limits, rates: rates))
        }
      }
      // Child options are set synchronously in the initializer: a bootstrap child option is
      // applied through a chain of futures, ~11-17k instructions each per connection
      // (callgrind, http-close). No TCP_NODELAY: NIO sets it on the listening socket and Linux
      // copies it to every accepted one. Reads start at 256 bytes (NIO keeps each channel's last
      // receive buffer, so an idle keep-alive client holds one: lbidle) and grow as needed.
      .childChannelInitializer { channel in
        channel.initializeNow {
          if let options = channel.syncOptions {
            try options.setOption(.allowRemoteHalfClosure, value: true)
            try options.setOption(.recvAllocator, value: Self.clientReceiveAllocator)
          }
          try clientSocket.apply(to: channel)
          try channel.pipeline.syncOperations.addHandler(serving.firstHandler(for: channel, acceptProxy: acceptProxy))
        }
      }
    if limits.contains(where: { $0.limit != nil }) || !rates.isEmpty {
      // Accept one connection per wake-up while a limit applies, so maxconn (or a rate) is
      // never exceeded.
      bootstrap = bootstrap.serverChannelOption(.maxMessagesPerRead, value: 1)
    } else if let maxAccept = plan.maxAccept {
      // `tune.maxaccept`: how many connections one wake-up accepts before other work.
      bootstrap = bootstrap.serverChannelOption(.maxMessagesPerRead, value: UInt(maxAccept))
    }
    // With `interface`, the runtime makes the socket itself (`SO_BINDTODEVICE` takes a name,
    // which a NIO option cannot carry) and sets these before its bind.
    let makesOwnSocket = ListenerBinding.makesOwnSocket(listener)
    #if os(Linux)
    if listener.transparent, !makesOwnSocket, case .ip(let address) = listener.endpoint {
      // Before the bind, and fatal when refused, as in HAProxy ("cannot make receiving socket
      // transparent").
      let option =
        address.protocol == .inet6
        ? ChannelOptions.Types.SocketOption(level: .ipv6, name: .init(rawValue: CInt(IPV6_TRANSPARENT)))
        : ChannelOptions.Types.SocketOption(level: .ip, name: .init(rawValue: CInt(IP_TRANSPARENT)))
      bootstrap = bootstrap.serverChannelOption(option, value: 1)
    }
    #endif
    if !makesOwnSocket, case .ip(let address) = listener.endpoint, address.protocol == .inet6,
      let only = listener.ipv6Only
    {
      bootstrap = bootstrap.serverChannelOption(
        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: only ? 1 : 0)
    }
    let channel: any Channel
    do {
      channel = try await ListenerBinding.bind(listener, with: bootstrap) { [warnings] warning in
        warnings.withLockedValue { $0.append("frontend '\(frontend)': \(listener.label): \(warning)") }
      }
    } catch {
      throw RuntimeError("frontend '\(frontend)': \(listener.label): cannot listen: \(error)")
    }
    #if os(Linux)
    if listener.delaysAcceptAck, channel.localAddress?.protocol != .unix {
      // After listen(), which resets the socket's delayed-ACK state, as HAProxy sets it.
      do {
        try await channel.setOption(
          ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_QUICKACK))), value: 0
        ).get()
      } catch {
        warnings.withLockedValue {
          $0.append("frontend '\(frontend)': \(listener.label): cannot disable TCP_QUICKACK: \(error)")
        }
      }
    }
    #endif
    return channel
  }

  /// The listening socket options a `bind` line asks for: `defer-accept` (`TCP_DEFER_ACCEPT`
  /// 1 s) and `tfo` (`TCP_FASTOPEN` with the backlog as queue length).
  static func tuning(_ listener: ServingPlan.Listener) -> [(ChannelOptions.Types.SocketOption, Int, String)] {
    var options: [(ChannelOptions.Types.SocketOption, Int, String)] = []
    #if os(Linux)
    if listener.deferAccept {
      options.append((.init(level: .tcp, name: .init(rawValue: CInt(TCP_DEFER_ACCEPT))), 1, "DEFER_ACCEPT"))
    }
    if listener.fastOpen {
      let queue = listener.backlog ?? 1024
      options.append((.init(level: .tcp, name: .init(rawValue: CInt(TCP_FASTOPEN))), queue, "TCP_FASTOPEN"))
    }
    #endif
    return options
  }

  /// How client connections size their reads: from 256 bytes (most request heads), halving to
  /// 64 after small reads and doubling to 64 kB after full ones.
  static let clientReceiveAllocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 65_536)

  /// Applies `cpu-map` to the event loop threads, the first loop being thread 1.
  private func bindThreadsToCPUs() async {
    guard !plan.cpuMap.isEmpty else { return }
    #if os(Linux)
    let loops = Array(group.makeIterator())
    let bindings = CPUMapping.threadCPUs(plan.cpuMap, threadCount: loops.count)
    for (index, cpus) in bindings.enumerated() {
      guard let cpus else { continue }
      let failure = try? await loops[index].submit { ProcessorAffinity.bindCurrentThread(to: cpus) }.get()
      if let failure {
        warnings.withLockedValue {
          $0.append("cpu-map: thread \(index + 1) stays unbound: binding it to CPUs \(cpus) failed: \(failure)")
        }
      }
    }
    #endif
  }

  /// Waits until every session has ended, or `limit` has passed (`hard-stop-after`).
  public func waitForSessions(upTo limit: Duration?) async {
    let clock = ContinuousClock()
    let deadline = limit.map { clock.now + $0 }
    while sessions.count > 0 {
      if let deadline, clock.now >= deadline { return }
      try? await Task.sleep(for: .milliseconds(50))
    }
  }

  /// The soft stop's second step, after `stopListening`: idle HTTP client connections close,
  /// busy ones after their current response (see `HTTPSessionHandler.softStop`); TCP sessions
  /// carry on until they end.
  public func softStopSessions() async {
    for serving in servings.withLockedValue({ $0 }) {
      for told in serving.softStop() { try? await told.get() }
    }
  }

  /// Closes every listener; sessions in flight carry on until they end.
  public func stopListening() async {
    await stopHealthChecks()
    let channels = listeners.withLockedValue { value in
      defer { value = [] }
      return value
    }
    for channel in channels {
      try? await channel.close()
    }
  }
}
