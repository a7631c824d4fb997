import FulcrumCore

/// Hands out a backend's servers in turn. One instance per event loop (the data plane calls
/// it only from that loop), so it keeps a plain counter. This is the unweighted stand-in the
/// data plane runs with until the balancing algorithms (weights, leastconn, hashing, health)
/// are wired in; `weight` and the other algorithms are still reported as not acted on.
final class RoundRobinSelector: BackendSelector {
  private let serverCount: Int
  private var next: Int

  init(serverCount: Int, start: Int = 0) {
    self.serverCount = serverCount
    self.next = serverCount > 0 ? start % serverCount : 0
  }

  func selectServer(excluding failed: Int?) -> Int? {
    guard serverCount > 0 else { return nil }
    var choice = next
    if let failed, choice == failed, serverCount > 1 { choice = (choice + 1) % serverCount }
    next = (choice + 1) % serverCount
    return choice
  }
}
