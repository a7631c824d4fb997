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

  /// Sessions currently open.
  public var activeSessions: Int { sessions.count }

  /// The number of event loops sessions are spread over.
  public var threadCount: Int { group.makeIterator().reduce(0) { count, _ in count + 1 } }

  public init(plan: ServingPlan, group: any EventLoopGroup) {
    self.plan = plan
    self.group = group
  }

  /// Binds every listener; returns the bound addresses in plan order (frontend by frontend).
  public func start() async throws -> [SocketAddress] {
    let global = ConnectionLimit(limit: plan.globalMaxconn)
    var bound: [SocketAddress] = []
    // One selector and idle pool per backend and event loop, shared by the frontends using it.
    var backends: [String: PerLoopBackend] = [:]
    for frontend in plan.frontends {
      let selectors =
        backends[frontend.backendName]
        ?? PerLoopBackend(
          group: group, balancing: frontend.balancing, pool: frontend.pool, globalMaxconn: plan.globalMaxconn)
      backends[frontend.backendName] = selectors
      let limits = [global, ConnectionLimit(limit: frontend.maxconn)].filter { $0.limit != nil } + [sessions]
      for address in frontend.listenAddresses {
        let channel = try await bind(address, frontend: frontend, limits: limits, selectors: selectors)
        listeners.withLockedValue { $0.append(channel) }
        if let local = channel.localAddress { bound.append(local) }
      }
    }
    return bound
  }

  private func bind(
    _ address: SocketAddress, frontend: ServingPlan.Frontend, limits: [ConnectionLimit], selectors: PerLoopBackend
  ) async throws -> any Channel {
    let settings = frontend.session
    let http = frontend.http
    var bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .serverChannelOption(.backlog, value: Int32(frontend.backlog ?? 1024))
      .serverChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(AcceptLimiter(limits: limits))
        }
      }
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let state = selectors.state(for: channel.eventLoop)
          if let http {
            try channel.pipeline.syncOperations.addHandler(
              HTTPSessionHandler(settings: http, selector: state.selector, pool: state.pool))
          } else {
            try channel.pipeline.syncOperations.addHandler(
              TCPSessionHandler(settings: settings, selector: state.selector))
          }
        }
      }
    if limits.contains(where: { $0.limit != nil }) {
      // Accept one connection per wake-up while a limit applies, so maxconn is never exceeded.
      bootstrap = bootstrap.serverChannelOption(.maxMessagesPerRead, value: 1)
    }
    do {
      if let path = address.pathname {
        // A socket file left by a previous run would make bind fail; replace it, as HAProxy does.
        return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
      }
      return try await bootstrap.bind(to: address).get()
    } catch {
      throw RuntimeError("frontend '\(frontend.name)': cannot bind \(address): \(error)")
    }
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

/// What one backend keeps on each event loop: its server selector and its idle server
/// connections. Each is used only on its own loop.
final class PerLoopBackend: Sendable {
  /// One loop's share.
  final class State {
    let selector: any BackendSelector
    let pool: HTTPIdlePool

    init(selector: any BackendSelector, pool: HTTPIdlePool) {
      self.selector = selector
      self.pool = pool
    }
  }

  private let table: [ObjectIdentifier: NIOLoopBoundBox<State>]

  init(group: any EventLoopGroup, balancing: BackendBalancing, pool: HTTPPoolSettings, globalMaxconn: Int?) {
    var table: [ObjectIdentifier: NIOLoopBoundBox<State>] = [:]
    let loops = Array(group.makeIterator())
    var share = pool
    // A quarter of the descriptors (about two per connection) may be idle server connections.
    share.maxIdle = max(1, (globalMaxconn ?? 4_096) / 2 / max(1, loops.count))
    for loop in loops {
      let state = State(selector: balancing.makeSelector(), pool: HTTPIdlePool(settings: share, eventLoop: loop))
      table[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(state, eventLoop: loop)
    }
    self.table = table
  }

  func state(for loop: any EventLoop) -> State {
    guard let bound = table[ObjectIdentifier(loop)] else {
      preconditionFailure("event loop outside the runtime's group")
    }
    return bound.value
  }
}
