/// `balance first`: the usable server with the lowest `id` that still has a free connection
/// slot, so that servers fill up one after the other to their `maxconn` and the rest can be
/// powered off. Weights only matter as 0 (drained). Value type, confined to one loop; `pick`
/// walks servers in `id` order until one has room and never allocates.
public struct FirstAvailable: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  /// Active and backup servers, each sorted by `id`.
  private let activeOrder: [ServerIndex]
  private let backupOrder: [ServerIndex]

  /// A `first` balancer over `servers` in declaration order.
  public init(servers: [ServerPool.Member], allBackups: Bool = false, fullConnections: Int = 0) {
    pool = ServerPool(members: servers, weighting: .dynamic, allBackups: allBackups, fullConnections: fullConnections)
    let identifiers = pool.identifiers
    activeOrder = pool.activeMembers.sorted { identifiers[$0.value] < identifiers[$1.value] }
    backupOrder = pool.backupMembers.sorted { identifiers[$0.value] < identifiers[$1.value] }
  }

  public var input: BalancingInput { .nothing }

  public mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    switch pool.selection {
    case .none: return nil
    case .firstBackup(let server): return server
    case .active: return first(in: activeOrder, avoiding: avoiding, load: load)
    case .backups: return first(in: backupOrder, avoiding: avoiding, load: load)
    }
  }

  private func first(in order: [ServerIndex], avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    var avoided: ServerIndex?
    let limited = pool.hasConnectionLimits
    for server in order where pool.isUsable(server) && (!limited || pool.hasRoom(server, load: load)) {
      if server != avoiding { return server }
      avoided = server
    }
    return avoided
  }
}

extension FirstAvailable: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  mutating func apply(_ transition: ServerPool.Transition) {}
}
