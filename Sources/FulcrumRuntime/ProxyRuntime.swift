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
  private let listeners = NIOLockedValueBox<[any Channel]>([])
  let healthChecker = NIOLockedValueBox<HealthChecker?>(nil)
  /// Health changes, written to standard error as HAProxy words them.
  public let healthLog = HealthLog()
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
    var selectorsByBackend: [String: [PerLoopSelectors]] = [:]
    for frontend in plan.frontends {
      let selectors = PerLoopSelectors(group: group, balancing: frontend.balancing)
      selectorsByBackend[frontend.backendName, default: []].append(selectors)
      let limits = [global, ConnectionLimit(limit: frontend.maxconn)].filter { $0.limit != nil } + [sessions]
      for address in frontend.listenAddresses {
        let channel = try await bind(address, frontend: frontend, limits: limits, selectors: selectors)
        listeners.withLockedValue { $0.append(channel) }
        if let local = channel.localAddress { bound.append(local) }
      }
    }
    startHealthChecks(selectors: selectorsByBackend)
    return bound
  }

  private func bind(
    _ address: SocketAddress, frontend: ServingPlan.Frontend, limits: [ConnectionLimit], selectors: PerLoopSelectors
  ) async throws -> any Channel {
    let settings = frontend.session
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
          let selector = selectors.selector(for: channel.eventLoop)
          try channel.pipeline.syncOperations.addHandler(TCPSessionHandler(settings: settings, selector: selector))
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

/// One selector per event loop for one backend, each used only on its own loop.
final class PerLoopSelectors: Sendable {
  let table: [ObjectIdentifier: NIOLoopBoundBox<any HealthAwareSelector>]
  let loops: [any EventLoop]

  init(group: any EventLoopGroup, balancing: BackendBalancing) {
    var table: [ObjectIdentifier: NIOLoopBoundBox<any HealthAwareSelector>] = [:]
    for loop in group.makeIterator() {
      table[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(
        balancing.makeHealthAwareSelector(), eventLoop: loop)
    }
    self.table = table
    self.loops = Array(group.makeIterator())
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    guard let bound = table[ObjectIdentifier(loop)] else {
      preconditionFailure("event loop outside the runtime's group")
    }
    return bound.value
  }
}
