import FulcrumCore
import NIOCore

/// One selector per event loop for one backend, each used only on its own loop, and the
/// backend's shared slots and queues.
final class PerLoopSelectors: Sendable {
  let selectors: PerLoop<any HealthAwareSelector>
  /// Shared by every loop's selector.
  let queue: BackendQueue
  var loops: [any EventLoop] { selectors.loops }

  init(group: any EventLoopGroup, balancing: BackendBalancing) {
    let queue = balancing.makeQueue()
    self.queue = queue
    selectors = PerLoop(group: group) { loop in balancing.makeHealthAwareSelector(queue: queue, loop: loop) }
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    selectors[loop]
  }
}
