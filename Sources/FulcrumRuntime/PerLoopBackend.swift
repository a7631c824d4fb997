import FulcrumCore
import FulcrumProxy
import NIOCore

/// What one backend keeps on each event loop: its server selector and its idle server
/// connections, shared by every frontend using the backend. Each loop's share is used only on
/// that loop.
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
