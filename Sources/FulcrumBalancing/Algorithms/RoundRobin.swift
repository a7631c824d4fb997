/// `balance roundrobin`: HAProxy's fast weighted round robin (see `RoundRobinGroup`). Weights
/// 1:2:3 give exactly 1/6, 2/6 and 3/6 of the picks over every window of 6, interleaved rather
/// than in bursts. Weights are dynamic: a change takes effect at the server's next turn, and
/// `slowstart` ramps a returning server up. Full servers (`maxconn`) are skipped and keep their
/// place. Value type, confined to one loop; `pick` is O(log n) and never allocates.
public struct RoundRobin: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  private var active: RoundRobinGroup
  private var backup: RoundRobinGroup

  /// A round robin over `servers` in declaration order.
  public init(servers: [ServerPool.Member], allBackups: Bool = false, fullConnections: Int = 0) {
    pool = ServerPool(members: servers, weighting: .dynamic, allBackups: allBackups, fullConnections: fullConnections)
    active = RoundRobinGroup(
      capacity: servers.count, members: pool.activeMembers, weight: pool.activeWeight, pool: pool)
    backup = RoundRobinGroup(
      capacity: servers.count, members: pool.backupMembers, weight: pool.backupWeight, pool: pool)
  }

  public var input: BalancingInput { .nothing }

  public mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    let avoid = avoiding?.value ?? -1
    let chosen: Int?
    switch pool.selection {
    case .none: return nil
    case .firstBackup(let server): return server
    case .active: chosen = active.next(weight: pool.activeWeight, avoiding: avoid, pool: pool, load: load)
    case .backups: chosen = backup.next(weight: pool.backupWeight, avoiding: avoid, pool: pool, load: load)
    }
    return chosen.map { ServerIndex($0) }
  }
}

extension RoundRobin: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  mutating func apply(_ transition: ServerPool.Transition) {
    if pool.members[transition.server.value].isBackup {
      backup.apply(transition, weight: pool.backupWeight, pool: pool)
    } else {
      active.apply(transition, weight: pool.activeWeight, pool: pool)
    }
  }
}
