/// The part every algorithm shares: it owns a `ServerPool` and re-places a server in its own
/// tables when the pool reports a transition. The public `LoadBalancingAlgorithm` mutators of
/// each algorithm forward here.
protocol PoolDriven {
  var pool: ServerPool { get set }

  /// Updates the algorithm's tables after `transition` (the pool already reflects it).
  mutating func apply(_ transition: ServerPool.Transition)
}

extension PoolDriven {
  mutating func forwardServerWentDown(_ server: ServerIndex) {
    if let transition = pool.markDown(server) { apply(transition) }
  }

  mutating func forwardServerWentUp(_ server: ServerIndex, at now: Duration) {
    if let transition = pool.markUp(server, at: now) { apply(transition) }
  }

  mutating func forwardSetWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    let transition = try pool.setUserWeight(weight, of: server)
    if !transition.isNoChange { apply(transition) }
  }

  /// Ramps every warming server up to `now`, one transition at a time in declaration order.
  mutating func forwardAdvanceClock(to now: Duration) {
    pool.setClock(now)
    for index in 0..<pool.count {
      if let transition = pool.rampUp(ServerIndex(index)), !transition.isNoChange { apply(transition) }
    }
  }
}
