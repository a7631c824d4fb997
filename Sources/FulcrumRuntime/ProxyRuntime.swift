import FulcrumConfig
import FulcrumCore
import FulcrumProxy
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs a `ServingPlan`: binds every listener on the event loop group, gives each loop its own
/// server selectors, and closes the listeners on stop. Control plane: `start` and `stop` are
/// called from the service (async) context; sessions run entirely on the loops.
public final class ProxyRuntime: Sendable {
  public let plan: ServingPlan
  private let group: any EventLoopGroup
  private let listeners = NIOLockedValueBox<[any Channel]>([])
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
    var bound: [SocketAddress] = []
    for frontend in plan.frontends {
      let serving = FrontendSessions(
        frontend: frontend, selectors: PerLoopSelectors(group: group, balancing: frontend.balancing))
      let limits = [global, ConnectionLimit(limit: frontend.maxconn)].filter { $0.limit != nil } + [sessions]
      for listener in frontend.listeners {
        let channel = try await bind(listener, frontend: frontend.name, limits: limits, serving: serving)
        listeners.withLockedValue { $0.append(channel) }
        if let local = channel.localAddress { bound.append(local) }
      }
    }
    return bound
  }

  private func bind(
    _ listener: ServingPlan.Listener, frontend: String, limits: [ConnectionLimit], serving: FrontendSessions
  ) async throws -> any Channel {
    let acceptProxy = listener.acceptProxy
    var bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .serverChannelOption(.backlog, value: Int32(listener.backlog ?? 1024))
      .serverChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(AcceptLimiter(limits: limits))
        }
      }
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(serving.firstHandler(for: channel, acceptProxy: acceptProxy))
        }
      }
    if limits.contains(where: { $0.limit != nil }) {
      // Accept one connection per wake-up while a limit applies, so maxconn is never exceeded.
      bootstrap = bootstrap.serverChannelOption(.maxMessagesPerRead, value: 1)
    }
    if case .ip(let address) = listener.endpoint, address.protocol == .inet6, let only = listener.ipv6Only {
      bootstrap = bootstrap.serverChannelOption(
        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: only ? 1 : 0)
    }
    do {
      return try await ListenerBinding.bind(listener, with: bootstrap)
    } catch {
      throw RuntimeError("frontend '\(frontend)': \(listener.label): cannot listen: \(error)")
    }
  }

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

  /// Closes every listener; sessions in flight carry on until they end.
  public func stopListening() async {
    let channels = listeners.withLockedValue { value in
      defer { value = [] }
      return value
    }
    for channel in channels {
      try? await channel.close()
    }
  }
}

/// What a frontend's listeners need to serve an accepted connection: the frontend's settings
/// and its backend's per-loop selectors. Shared by the frontend's listeners; called on the
/// accepted connection's event loop.
final class FrontendSessions: Sendable {
  let frontend: ServingPlan.Frontend
  let selectors: PerLoopSelectors

  init(frontend: ServingPlan.Frontend, selectors: PerLoopSelectors) {
    self.frontend = frontend
    self.selectors = selectors
  }

  /// The first handler of an accepted connection: its session, or on an `accept-proxy`
  /// listener the handler that builds the session once the PROXY header is in.
  func firstHandler(for channel: any Channel, acceptProxy: Bool) -> any ChannelHandler {
    guard acceptProxy else { return makeSessionHandler(for: channel, addresses: ConnectionAddresses(channel: channel)) }
    return AcceptProxyHandler(timeout: frontend.clientTimeout) { addresses in
      self.makeSessionHandler(for: channel, addresses: addresses)
    }
  }

  /// Builds the handler that serves one connection of the frontend, from `addresses`.
  func makeSessionHandler(for channel: any Channel, addresses: ConnectionAddresses) -> any ChannelHandler {
    TCPSessionHandler(
      settings: frontend.session, selector: selectors.selector(for: channel.eventLoop), addresses: addresses)
  }
}

/// One selector per event loop for one backend, each used only on its own loop.
final class PerLoopSelectors: Sendable {
  private let table: [ObjectIdentifier: NIOLoopBoundBox<any BackendSelector>]

  init(group: any EventLoopGroup, balancing: BackendBalancing) {
    var table: [ObjectIdentifier: NIOLoopBoundBox<any BackendSelector>] = [:]
    for loop in group.makeIterator() {
      table[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(balancing.makeSelector(), eventLoop: loop)
    }
    self.table = table
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    guard let bound = table[ObjectIdentifier(loop)] else {
      preconditionFailure("event loop outside the runtime's group")
    }
    return bound.value
  }
}
