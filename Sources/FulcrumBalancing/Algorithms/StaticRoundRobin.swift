/// `balance static-rr`: servers in turn by weight from a precomputed map, as HAProxy's
/// map-based round robin. Weights are static (only 0 and the configured weight at run time, no
/// slowstart); a server coming back is reintroduced at once when the map is rebuilt. No limit on
/// the number of servers. Value type, confined to one loop; `pick` is O(1) unless servers are
/// full, and never allocates.
public struct StaticRoundRobin: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  private var map: ServerMap

  /// A static round robin over `servers` in declaration order.
  public init(servers: [ServerPool.Member], allBackups: Bool = false, fullConnections: Int = 0) {
    pool = ServerPool(members: servers, weighting: .static, allBackups: allBackups, fullConnections: fullConnections)
    map = ServerMap(pool: pool)
  }

  public var input: BalancingInput { .nothing }

  public mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    map.nextInTurn(avoiding: avoiding, pool: pool, load: load)
  }
}

extension StaticRoundRobin: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  mutating func apply(_ transition: ServerPool.Transition) { map.rebuild(pool) }
}
