import FulcrumCore
import FulcrumProxy
import NIOCore

/// What one backend keeps on each event loop: its server selectors (which health changes
/// reach) and its idle server connections, shared by every frontend using the backend. Each
/// loop's share is used only on that loop.
final class PerLoopBackend: Sendable {
  let selectors: PerLoopSelectors
  private let pools: PerLoop<HTTPIdlePool>

  /// `descriptors` is the process's count, shared by every backend's pools.
  init(
    group: any EventLoopGroup, balancing: BackendBalancing, pool: HTTPPoolSettings, globalMaxconn: Int?,
    descriptors: HTTPDescriptorBudget
  ) {
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
}
