/// HAProxy's consistent-hash ring, one per group (active, backup): each usable server sits at as
/// many points as its effective weight (16 per unit of configured weight), point `j` of the
/// server numbered `id` at `avalanche(id * 4096 + j)`. A hash goes to the closer of the points
/// around it, so removing one server of N moves only its own keys, about 1/N of them. Points are
/// sorted arrays: a lookup is a binary search and never allocates; a server change rewrites its
/// points in O(points). Value type, confined to its algorithm's loop.
struct ConsistentHashRing: Sendable {
  /// The points of one group, sorted by key, with the server and occurrence of each, and where
  /// the round-robin walk stopped last.
  struct Points: Sendable {
    var keys: [UInt32] = []
    var servers: [Int32] = []
    var occurrences: [UInt16] = []
    var last: Int?

    var count: Int { keys.count }

    /// The first point whose key is not below `key` (`count` if none): a binary search whose
    /// steps compile to conditional moves, as branches would be mispredicted half the time.
    func lowerBound(_ key: UInt32) -> Int {
      var base = 0
      var length = keys.count
      guard length > 0 else { return 0 }
      while length > 1 {
        let half = length / 2
        base = keys[base + half - 1] < key ? base + half : base
        length -= half
      }
      return keys[base] < key ? base + 1 : base
    }
  }

  /// Effective weight units per configured unit times the largest weight: the stride between
  /// servers' point numbers (HAProxy's `SRV_EWGHT_RANGE`).
  static let pointRange: UInt32 = 4096

  private var active = Points()
  private var backup = Points()
  private var pointCounts: [Int]
  private let identifiers: [Int]
  private let backupFlags: [Bool]

  init(pool: ServerPool) {
    identifiers = pool.identifiers
    backupFlags = pool.members.map(\.isBackup)
    pointCounts = Array(repeating: 0, count: pool.count)
    active = Self.build(pool.activeMembers, pool: pool, counts: &pointCounts)
    backup = Self.build(pool.backupMembers, pool: pool, counts: &pointCounts)
  }

  /// The points of the usable `members`, sorted once; servers declared earlier go first among
  /// equal keys, as if each had been inserted in turn.
  private static func build(_ members: [ServerIndex], pool: ServerPool, counts: inout [Int]) -> Points {
    var all: [(key: UInt32, server: Int32, occurrence: UInt16)] = []
    for server in members where pool.isUsable(server) {
      let wanted = pool.effectiveWeight(server)
      let base = UInt32(truncatingIfNeeded: pool.identifiers[server.value]) &* pointRange
      for occurrence in 0..<wanted {
        all.append((HashFunction.avalanche(base &+ UInt32(occurrence)), Int32(server.value), UInt16(occurrence)))
      }
      counts[server.value] = wanted
    }
    all.sort { a, b in
      if a.key != b.key { return a.key < b.key }
      return a.server != b.server ? a.server < b.server : a.occurrence < b.occurrence
    }
    var points = Points()
    points.keys = all.map(\.key)
    points.servers = all.map(\.server)
    points.occurrences = all.map(\.occurrence)
    return points
  }

  /// Gives `transition.server` as many points as its new effective weight (none when unusable).
  mutating func apply(_ transition: ServerPool.Transition) {
    let wanted = transition.isUsable ? transition.weight : 0
    if wanted != pointCounts[transition.server.value] { setPoints(of: transition.server.value, to: wanted) }
  }

  /// The server whose point is closest to `hash` on the ring of the servers taking traffic,
  /// moving on along the ring past `avoiding` and, with a balance factor, past servers over their
  /// bounded load. Nil when no server is usable.
  func server(
    forHash hash: UInt32, avoiding: ServerIndex?, balanceFactor: Int, pool: ServerPool, load: some ServerLoad
  ) -> ServerIndex? {
    switch pool.selection {
    case .none: return nil
    case .firstBackup(let server): return server
    case .active: return Self.closest(to: hash, in: active, avoiding, balanceFactor, pool, load)
    case .backups: return Self.closest(to: hash, in: backup, avoiding, balanceFactor, pool, load)
    }
  }

  private static func closest(
    to hash: UInt32, in points: Points, _ avoiding: ServerIndex?, _ balanceFactor: Int, _ pool: ServerPool,
    _ load: some ServerLoad
  ) -> ServerIndex? {
    guard points.count > 0 else { return nil }
    var next = points.lowerBound(hash)
    if next == points.count { next = 0 }
    let previous = next == 0 ? points.count - 1 : next - 1
    var index = hash &- points.keys[previous] <= points.keys[next] &- hash ? previous : next
    var server = ServerIndex(Int(points.servers[index]))
    var wraps = 0
    while server == avoiding
      || (balanceFactor > 0 && !pool.isWithinBoundedLoad(server, factor: balanceFactor, load: load))
    {
      index += 1
      if index == points.count {
        index = 0
        wraps += 1
        // HAProxy gives up on the second wrap and keeps the server it looked at last.
        if wraps > 1 { break }
      }
      server = ServerIndex(Int(points.servers[index]))
    }
    return server
  }

  /// The next server along the ring after the one this walk returned last that has room,
  /// skipping `avoiding` unless nothing else has room: the round robin hashes fall back to when
  /// their key is missing.
  mutating func nextInTurn(avoiding: ServerIndex?, pool: ServerPool, load: some ServerLoad) -> ServerIndex? {
    switch pool.selection {
    case .none: return nil
    case .firstBackup(let server): return server
    case .active: return Self.walk(&active, avoiding, pool, load)
    case .backups: return Self.walk(&backup, avoiding, pool, load)
    }
  }

  private static func walk(
    _ points: inout Points, _ avoiding: ServerIndex?, _ pool: ServerPool, _ load: some ServerLoad
  ) -> ServerIndex? {
    guard points.count > 0 else {
      points.last = nil
      return nil
    }
    // Without a previous position HAProxy's walk stops after the first point; kept as is.
    var stop = points.last
    var node = points.last
    var avoided: ServerIndex?
    var avoidedNode: Int?
    repeat {
      let candidate = node.map { $0 + 1 } ?? 0
      node = candidate < points.count ? candidate : 0
      points.last = node
      if stop == nil { stop = node }
      let server = ServerIndex(Int(points.servers[node!]))
      if !pool.hasConnectionLimits || pool.hasRoom(server, load: load) {
        if server != avoiding { return server }
        avoided = server
        avoidedNode = node
      }
    } while node != stop
    points.last = avoidedNode
    return avoided
  }

  /// Replaces `server`'s points with its first `wanted` ones, keeping the walk's position on
  /// the point it was on, or on the point that followed it if that one went away.
  private mutating func setPoints(of server: Int, to wanted: Int) {
    if backupFlags[server] {
      Self.setPoints(of: server, to: wanted, in: &backup, identifier: identifiers[server])
    } else {
      Self.setPoints(of: server, to: wanted, in: &active, identifier: identifiers[server])
    }
    pointCounts[server] = wanted
  }

  private static func setPoints(of server: Int, to wanted: Int, in points: inout Points, identifier: Int) {
    let lastPoint = points.last.map { (points.keys[$0], points.servers[$0], points.occurrences[$0]) }
    var kept = 0
    for index in 0..<points.count where points.servers[index] != Int32(server) {
      points.keys[kept] = points.keys[index]
      points.servers[kept] = points.servers[index]
      points.occurrences[kept] = points.occurrences[index]
      kept += 1
    }
    points.keys.removeLast(points.count - kept)
    points.servers.removeLast(points.servers.count - kept)
    points.occurrences.removeLast(points.occurrences.count - kept)
    if wanted > 0 {
      let base = UInt32(truncatingIfNeeded: identifier) &* pointRange
      var added: [(UInt32, UInt16)] = []
      added.reserveCapacity(wanted)
      for occurrence in 0..<wanted {
        added.append((HashFunction.avalanche(base &+ UInt32(occurrence)), UInt16(occurrence)))
      }
      added.sort { (a: (UInt32, UInt16), b: (UInt32, UInt16)) -> Bool in a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
      merge(added, server: server, into: &points)
    }
    if let (key, owner, occurrence) = lastPoint {
      var index = points.lowerBound(key)
      var found: Int?
      while index < points.count && points.keys[index] == key {
        if points.servers[index] == owner && points.occurrences[index] == occurrence { found = index }
        index += 1
      }
      let following = points.lowerBound(key)
      points.last = points.count == 0 ? nil : found ?? (following < points.count ? following : 0)
    }
  }

  /// Merges sorted new points into sorted `points`, after existing points with equal keys, as a
  /// tree inserts duplicates.
  private static func merge(_ added: [(UInt32, UInt16)], server: Int, into points: inout Points) {
    var existing = points.count - 1
    var incoming = added.count - 1
    points.keys.append(contentsOf: repeatElement(0, count: added.count))
    points.servers.append(contentsOf: repeatElement(0, count: added.count))
    points.occurrences.append(contentsOf: repeatElement(0, count: added.count))
    var target = points.count - 1
    while incoming >= 0 {
      if existing >= 0 && points.keys[existing] > added[incoming].0 {
        points.keys[target] = points.keys[existing]
        points.servers[target] = points.servers[existing]
        points.occurrences[target] = points.occurrences[existing]
        existing -= 1
      } else {
        points.keys[target] = added[incoming].0
        points.servers[target] = Int32(server)
        points.occurrences[target] = added[incoming].1
        incoming -= 1
      }
      target -= 1
    }
  }
}
