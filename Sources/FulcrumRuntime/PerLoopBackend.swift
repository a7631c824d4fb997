import FulcrumCore
import FulcrumProxy
import NIOCore

/// What one backend keeps on each event loop: its server selectors (which health changes
/// reach) and its idle server connections, shared by every frontend using the backend. Each
/// loop's share is used only on that loop.
final class PerLoopBackend: Sendable {
  let selectors: PerLoopSelectors
  private let pools: [ObjectIdentifier: NIOLoopBoundBox<HTTPIdlePool>]

  init(group: any EventLoopGroup, balancing: BackendBalancing, pool: HTTPPoolSettings, globalMaxconn: Int?) {
    selectors = PerLoopSelectors(group: group, balancing: balancing)
    var pools: [ObjectIdentifier: NIOLoopBoundBox<HTTPIdlePool>] = [:]
    let loops = Array(group.makeIterator())
    var share = pool
    // A quarter of the descriptors (about two per connection) may be idle server connections.
    share.maxIdle = max(1, (globalMaxconn ?? 4_096) / 2 / max(1, loops.count))
    for loop in loops {
      pools[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(
        HTTPIdlePool(settings: share, eventLoop: loop), eventLoop: loop)
    }
    self.pools = pools
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    selectors.selector(for: loop)
  }

  func pool(for loop: any EventLoop) -> HTTPIdlePool {
    guard let bound = pools[ObjectIdentifier(loop)] else {
      preconditionFailure("event loop outside the runtime's group")
    }
    return bound.value
  }
}
