import FulcrumCore
import FulcrumHealth
import FulcrumProxy
import NIOCore

/// What one backend keeps on each event loop: its server selectors (which health changes
/// reach) and its idle server connections, shared by every frontend using the backend. Each
/// loop's share is used only on that loop.
final class PerLoopBackend: Sendable {
  let selectors: PerLoopSelectors
  private let pools: PerLoop<HTTPIdlePool>
  /// `observe`, `on-marked-down`, `on-marked-up`: one observer per loop sharing the error
  /// counts; nil when no server of the backend uses them.
  private let observers: PerLoop<ServerObserver>?

  /// `descriptors` is the process's count, shared by every backend's pools.
  /// `errorLimitReached(server, count, last)` is called, on the loop of the session that saw
  /// the last error, when an observed server's consecutive errors reach its `error-limit`.
  init(
    group: any EventLoopGroup, balancing: BackendBalancing, pool: HTTPPoolSettings, globalMaxconn: Int?,
    descriptors: HTTPDescriptorBudget, observation: ServerObservationSettings? = nil,
    errorLimitReached: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }
  ) {
    if var observation {
      for index in observation.servers.indices where index < balancing.members.count {
        observation.servers[index].isInitiallyUp = balancing.members[index].isInitiallyUp
      }
      let settings = observation
      let counters = ObservedErrorCounters(
        limits: settings.servers.map(\.errorLimit), reachedLimit: errorLimitReached)
      observers = PerLoop(group: group) { _ in ServerObserver(settings: settings, counters: counters) }
    } else {
      observers = nil
    }
    selectors = PerLoopSelectors(group: group, balancing: balancing)
    var share = pool
    // A quarter of the descriptors (about two per connection) may be idle server connections.
    share.maxIdle = max(1, (globalMaxconn ?? ServingPlan.defaultGlobalMaxconn) / 2 / max(1, selectors.loops.count))
    let settings = share
    pools = PerLoop(group: group) { loop in
      HTTPIdlePool(settings: settings, eventLoop: loop, descriptors: descriptors)
    }
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    selectors.selector(for: loop)
  }

  func pool(for loop: any EventLoop) -> HTTPIdlePool {
    pools[loop]
  }

  /// `loop`'s observer, if the backend has one; call on `loop`.
  func observer(for loop: any EventLoop) -> ServerObserver? {
    observers?[loop]
  }

  /// Server `server` is now up or not (`on-marked-down`, `on-marked-up`): each loop's
  /// observer cuts the sessions the options say, on its own loop.
  func serverChanged(_ server: Int, to target: ServerTarget) {
    guard let observers else { return }
    for loop in observers.loops {
      let box = observers.box(for: loop)
      loop.execute { box.value.serverChanged(server, isUp: target.isUp, weight: target.weight) }
    }
  }
}
