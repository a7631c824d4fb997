/// `balance random(draws)`: the power of N random choices. Each draw looks a random 32-bit
/// number up on the consistent-hash ring (so weights count, change at once, and
/// `hash-balance-factor` applies); of the servers drawn the one serving the fewest connections
/// for its weight wins, the earlier draw on ties. If the winner is full the pick fails so the
/// request queues. Randomness comes from `Generator`, injected for deterministic tests. Value
/// type, confined to one loop; `pick` costs `draws` ring lookups and never allocates.
public struct RandomBalancer<Generator: RandomNumberGenerator & Sendable>: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  /// How many servers are drawn per pick (at least 1; HAProxy's default is 2).
  public let draws: Int
  /// `hash-balance-factor`.
  public let balanceFactor: Int
  private var ring: ConsistentHashRing
  private var generator: Generator

  /// A random balancer over `servers` in declaration order, drawing with `generator`.
  public init(
    draws: Int = 2, balanceFactor: Int = 0, servers: [ServerPool.Member], allBackups: Bool = false,
    fullConnections: Int = 0, generator: Generator
  ) {
    precondition(draws >= 1, "random needs at least one draw")
    self.draws = draws
    self.balanceFactor = balanceFactor
    self.generator = generator
    pool = ServerPool(members: servers, weighting: .dynamic, allBackups: allBackups, fullConnections: fullConnections)
    ring = ConsistentHashRing(pool: pool)
  }

  public var input: BalancingInput { .nothing }

  public mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    guard pool.totalWeight > 0 else { return nil }
    var current: ServerIndex?
    for _ in 0..<draws {
      let previous = current
      let hash = UInt32(truncatingIfNeeded: generator.next())
      current = ring.server(forHash: hash, avoiding: avoiding, balanceFactor: balanceFactor, pool: pool, load: load)
      guard let drawn = current else { break }
      if let previous, previous != drawn,
        load.served(drawn) * pool.effectiveWeight(previous) > load.served(previous) * pool.effectiveWeight(drawn)
      {
        current = previous
      }
    }
    if pool.hasConnectionLimits, let chosen = current, !pool.hasRoom(chosen, load: load) { return nil }
    return current
  }
}

extension RandomBalancer: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  mutating func apply(_ transition: ServerPool.Transition) { ring.apply(transition) }
}
