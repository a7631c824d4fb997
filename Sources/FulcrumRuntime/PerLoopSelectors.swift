import FulcrumCore
import NIOCore

/// One selector per event loop for one backend, each used only on its own loop.
final class PerLoopSelectors: Sendable {
  let selectors: PerLoop<any HealthAwareSelector>
  var loops: [any EventLoop] { selectors.loops }

  init(group: any EventLoopGroup, balancing: BackendBalancing) {
    selectors = PerLoop(group: group) { _ in balancing.makeHealthAwareSelector() }
  }

  func selector(for loop: any EventLoop) -> any BackendSelector {
    selectors[loop]
  }
}
