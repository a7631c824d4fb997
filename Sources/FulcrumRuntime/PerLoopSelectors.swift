import FulcrumCore
import NIOCore

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
