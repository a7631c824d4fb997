/// `balance leastconn`: the server with the lowest load for its weight, load being served plus
/// queued connections, keyed as HAProxy keys it (`(load + 1) × 4096 / effective weight`, 0 when
/// idle). Servers with equal keys take turns: a server whose key changes goes behind the others
/// with that key, as HAProxy requeues a server whenever it takes or drops a connection. A full
/// server is passed over unless `maxqueue` lets it queue. Weights are dynamic, with slowstart.
///
/// Servers sit in a queue per group ordered by key, kept current by `loadChanged(on:load:)`,
/// which the runtime calls when a server's count changes (HAProxy's take and drop events; at
/// least when a connection ends, and for every server when an instance takes over live
/// connections); the chosen server is requeued at once as if it had taken its connection, and
/// servers reaching the front are checked against `load` before being picked. Value type, confined to one loop;
/// `pick` is O(log n) unless servers are full, and never allocates.
public struct LeastConnections: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  private var active: OrderedServerQueue
  private var backup: OrderedServerQueue
  /// The load each server's key was computed from.
  private var observedLoads: [Int]
  /// Servers taken off the front during one pick (full or avoided), put back after it.
  private var setAside: [OrderedServerQueue.Entry]

  /// A least-connections balancer over `servers` in declaration order, all idle.
  public init(servers: [ServerPool.Member], allBackups: Bool = false, fullConnections: Int = 0) {
    pool = ServerPool(members: servers, weighting: .dynamic, allBackups: allBackups, fullConnections: fullConnections)
    active = OrderedServerQueue(capacity: servers.count)
    backup = OrderedServerQueue(capacity: servers.count)
    observedLoads = Array(repeating: 0, count: servers.count)
    setAside = Array(repeating: OrderedServerQueue.Entry(key: 0, stamp: 0, server: -1), count: servers.count)
    for index in servers.indices where pool.isUsable(ServerIndex(index)) {
      if servers[index].isBackup { backup.insert(index, key: 0) } else { active.insert(index, key: 0) }
    }
  }

  public var input: BalancingInput { .nothing }

  public mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    switch pool.selection {
    case .none: return nil
    case .firstBackup(let server): return server
    case .active: return Self.pick(from: &active, &observedLoads, &setAside, avoiding, pool, load)
    case .backups: return Self.pick(from: &backup, &observedLoads, &setAside, avoiding, pool, load)
    }
  }

  /// Walks `queue` from the front as HAProxy walks its tree: the first server with room that is
  /// not `avoiding` wins, else the avoided one.
  private static func pick(
    from queue: inout OrderedServerQueue, _ observed: inout [Int], _ setAside: inout [OrderedServerQueue.Entry],
    _ avoiding: ServerIndex?, _ pool: ServerPool, _ load: some ServerLoad
  ) -> ServerIndex? {
    var setAsideCount = 0
    var chosen: Int?
    var avoided: Int?
    while let front = queue.first {
      let server = ServerIndex(front)
      let current = load.inFlight(server)
      if current != observed[front] {
        requeue(front, load: current, in: &queue, &observed, pool)
        continue
      }
      if pool.hasConnectionLimits && !pool.acceptsQueueing(server, load: load) {
        setAside[setAsideCount] = queue.remove(front)!
        setAsideCount += 1
        continue
      }
      if server == avoiding && avoided == nil {
        avoided = front
        setAside[setAsideCount] = queue.remove(front)!
        setAsideCount += 1
        continue
      }
      chosen = front
      break
    }
    for index in 0..<setAsideCount { queue.restore(setAside[index]) }
    guard let winner = chosen ?? avoided else { return nil }
    requeue(winner, load: observed[winner] + 1, in: &queue, &observed, pool)
    return ServerIndex(winner)
  }

  public mutating func loadChanged(on server: ServerIndex, load: some ServerLoad) {
    guard pool.isUsable(server) else { return }
    let current = load.inFlight(server)
    if pool.members[server.value].isBackup {
      Self.requeue(server.value, load: current, in: &backup, &observedLoads, pool)
    } else {
      Self.requeue(server.value, load: current, in: &active, &observedLoads, pool)
    }
  }

  /// The key of a server carrying `load` connections.
  static func key(_ server: Int, load: Int, pool: ServerPool) -> UInt64 {
    guard load > 0 else { return 0 }
    let weight = max(pool.effectiveWeight(ServerIndex(server)), 1)
    return UInt64(load + 1) * UInt64(Weighting.maximumEffectiveWeight) / UInt64(weight)
  }

  /// Records `load` for a queued server and, if its key changes, moves it behind its new equals.
  private static func requeue(
    _ server: Int, load: Int, in queue: inout OrderedServerQueue, _ observed: inout [Int], _ pool: ServerPool
  ) {
    guard observed[server] != load, let entry = queue.entry(of: server) else { return }
    observed[server] = load
    let newKey = key(server, load: load, pool: pool)
    if newKey != entry.key { queue.requeue(server, key: newKey) }
  }
}

extension LeastConnections: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  /// A server leaving is dequeued; one coming back, or changing weight, goes behind its equals.
  mutating func apply(_ transition: ServerPool.Transition) {
    let server = transition.server.value
    let newKey = Self.key(server, load: observedLoads[server], pool: pool)
    let isBackup = pool.members[server].isBackup
    func update(_ queue: inout OrderedServerQueue) {
      if !transition.isUsable {
        queue.remove(server)
      } else if queue.contains(server) {
        queue.requeue(server, key: newKey)
      } else {
        queue.insert(server, key: newKey)
      }
    }
    if isBackup { update(&backup) } else { update(&active) }
  }
}
