/// HAProxy's server map for static algorithms: one slot per unit of effective weight, filled so
/// that servers interleave in proportion to their weights and, among equals, in declaration
/// order. `static-rr` walks it in turn; `hash-type map-based` indexes it with the hash modulo its
/// size. Storage is sized for the largest group at init; rebuilding on a server change reuses
/// it, and lookups never allocate. Value type, confined to its algorithm's loop.
struct ServerMap: Sendable {
  private var slots: [Int32]
  private var scores: [Int]
  /// Slots in use: the total effective weight of the servers taking traffic.
  private(set) var count = 0
  private var roundRobinIndex = 0

  init(pool: ServerPool) {
    var active = 0
    var backup = 0
    for index in pool.members.indices {
      let weight = pool.computeEffectiveWeight(ServerIndex(index))
      if pool.members[index].isBackup { backup += weight } else { active += weight }
    }
    slots = Array(repeating: -1, count: max(active, backup, 1))
    scores = Array(repeating: 0, count: pool.count)
    rebuild(pool)
  }

  /// Refills the map from the servers taking traffic now: the usable active servers, else the
  /// first usable backup alone (or every usable backup with `option allbackups`).
  mutating func rebuild(_ pool: ServerPool) {
    let servers: [ServerIndex]
    switch pool.selection {
    case .none:
      count = 0
      return
    case .active: servers = pool.activeMembers
    case .backups: servers = pool.backupMembers
    case .firstBackup(let server):
      count = pool.effectiveWeight(server)
      for slot in 0..<count { slots[slot] = Int32(server.value) }
      return
    }
    let total = pool.totalWeight
    if total > slots.count { slots.append(contentsOf: repeatElement(-1, count: total - slots.count)) }
    count = total
    for server in servers { scores[server.value] = 0 }
    for slot in 0..<total {
      var best = -1
      var bestLevel = 0
      for server in servers where pool.isUsable(server) {
        if total == 1 {
          best = server.value
          break
        }
        scores[server.value] += pool.effectiveWeight(server)
        let level = (scores[server.value] + total) / total
        if best < 0 || level > bestLevel {
          best = server.value
          bestLevel = level
        }
      }
      slots[slot] = Int32(best)
      if best >= 0 { scores[best] -= total }
    }
  }

  /// The server the hash designates, or nil when no server is usable.
  func server(forHash hash: UInt32) -> ServerIndex? {
    count > 0 ? ServerIndex(Int(slots[Int(hash % UInt32(count))])) : nil
  }

  /// The next server in turn that has room, skipping `avoiding` unless it is the only one; nil
  /// when none has room.
  mutating func nextInTurn(avoiding: ServerIndex?, pool: ServerPool, load: some ServerLoad) -> ServerIndex? {
    guard count > 0 else { return nil }
    if roundRobinIndex < 0 || roundRobinIndex >= count { roundRobinIndex = 0 }
    var index = roundRobinIndex
    let limited = pool.hasConnectionLimits
    var fallback: ServerIndex?
    var fallbackNext = 0
    repeat {
      let server = ServerIndex(Int(slots[index]))
      index += 1
      if !limited || pool.hasRoom(server, load: load) {
        fallback = server
        fallbackNext = index
        if server != avoiding {
          roundRobinIndex = index
          return server
        }
      }
      if index == count { index = 0 }
    } while index != roundRobinIndex
    if fallback != nil { roundRobinIndex = fallbackNext }
    return fallback
  }
}
