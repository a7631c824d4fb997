/// The servers of one backend as load balancing sees them: which are up, their configured and
/// effective weights (slowstart included), active versus backup, and which group takes traffic
/// (the active servers; else the first usable backup, or every usable backup with
/// `option allbackups`). Every algorithm owns one and rebuilds its own tables from it when a
/// server changes. Value type, confined to the loop that owns the algorithm.
public struct ServerPool: Sendable {
  /// Which servers take new traffic, as HAProxy decides it.
  public enum Selection: Sendable, Equatable {
    /// No server is usable.
    case none
    /// At least one active server is usable: the active ones share the traffic.
    case active
    /// No active server is usable and `option allbackups` is off: this backup, the first
    /// usable one in declaration order, takes everything.
    case firstBackup(ServerIndex)
    /// No active server is usable and `option allbackups` is on: the usable backups share it.
    case backups
  }

  /// The servers in declaration order.
  public internal(set) var members: [Member]
  /// `option allbackups`.
  public let allBackups: Bool
  /// The backend's `fullconn`, for the dynamic `minconn` limit; 0 when unused.
  public let fullConnections: Int
  /// Static or dynamic weighting, fixed by the algorithm.
  public let weighting: Weighting
  /// Each server's numeric identifier (`id`, or the number HAProxy would give it).
  public let identifiers: [Int]
  /// Whether any server has a `maxconn`; when none does, algorithms skip the room checks.
  public internal(set) var hasConnectionLimits: Bool
  /// Active servers, then backup servers, in declaration order.
  let activeMembers: [ServerIndex]
  let backupMembers: [ServerIndex]
  /// Effective weight units per configured unit (16 when dynamic, 1 when static).
  let weightScale: Int
  /// Divisor of configured weights (their greatest common divisor when static, else 1).
  let weightDivisor: Int

  var upFlags: [Bool]
  var userWeights: [Int]
  var effectiveWeights: [Int]
  /// When each warming server came up; nil once it runs at full weight.
  var warmupStarts: [Duration?]
  /// How far each server is through its slowstart, in percent (100 when not warming).
  var warmupPercents: [Int]
  /// The last time the runtime gave the pool.
  var now: Duration = .zero

  /// Usable servers and their effective weights per group, and the first usable backup.
  public internal(set) var usableActiveCount = 0
  public internal(set) var usableBackupCount = 0
  public internal(set) var activeWeight = 0
  public internal(set) var backupWeight = 0
  var firstUsableBackup: ServerIndex?
  /// For each usable server, the effective weights of the usable servers of its group declared
  /// before it (HAProxy's `cumulative_weight`, used by `hash-balance-factor`).
  var cumulativeWeights: [Int]

  /// A pool of `members` in declaration order. Weights must be within 0...256 (the
  /// configuration rejects others with `file:line`).
  public init(
    members: [Member], weighting: Weighting, allBackups: Bool = false, fullConnections: Int = 0
  ) {
    precondition(members.allSatisfy { (0...Weighting.maximumWeight).contains($0.weight) }, "weight out of 0...256")
    self.members = members
    self.weighting = weighting
    self.allBackups = allBackups
    self.fullConnections = fullConnections
    identifiers = Self.assignIdentifiers(members)
    hasConnectionLimits = members.contains { $0.maxConnections > 0 }
    activeMembers = members.indices.filter { !members[$0].isBackup }.map { ServerIndex($0) }
    backupMembers = members.indices.filter { members[$0].isBackup }.map { ServerIndex($0) }
    switch weighting {
    case .dynamic:
      weightScale = Weighting.dynamicScale
      weightDivisor = 1
    case .static:
      weightScale = 1
      weightDivisor = Self.greatestCommonDivisor(of: members.map(\.weight))
    }
    upFlags = members.map(\.isInitiallyUp)
    userWeights = members.map(\.weight)
    effectiveWeights = Array(repeating: 0, count: members.count)
    warmupStarts = Array(repeating: nil, count: members.count)
    warmupPercents = Array(repeating: 100, count: members.count)
    cumulativeWeights = Array(repeating: 0, count: members.count)
    for index in members.indices { effectiveWeights[index] = computeEffectiveWeight(ServerIndex(index)) }
    recount()
  }

  /// Number of servers, up or not.
  public var count: Int { members.count }

  /// Whether `server` is up (as far as health and admin state go), whatever its weight.
  public func isUp(_ server: ServerIndex) -> Bool { upFlags[server.value] }

  /// Whether `server` may receive new traffic: up, with a non-zero effective weight.
  public func isUsable(_ server: ServerIndex) -> Bool {
    upFlags[server.value] && effectiveWeights[server.value] > 0
  }

  /// The weight last set for `server` (configured, or changed at run time), 0...256.
  public func userWeight(_ server: ServerIndex) -> Int { userWeights[server.value] }

  /// The weight `server` is balanced with now, in the algorithm's units (see `Weighting`).
  public func effectiveWeight(_ server: ServerIndex) -> Int { effectiveWeights[server.value] }

  /// Whether `server` is still ramping up after coming back (slowstart).
  public func isWarmingUp(_ server: ServerIndex) -> Bool { warmupStarts[server.value] != nil }

  /// How far `server` is through its slowstart, in percent, while it warms up; nil otherwise.
  public func warmupPercent(_ server: ServerIndex) -> Int? {
    warmupStarts[server.value] == nil ? nil : warmupPercents[server.value]
  }

  /// `server`'s effective weight in configured units, rounded up, as HAProxy reports it
  /// (`http-check send-state`, the stats page): its weight, less while it warms up, 0 while
  /// drained.
  public func reportedWeight(_ server: ServerIndex) -> Int { inConfiguredUnits(effectiveWeights[server.value]) }

  /// ``totalWeight`` in configured units, rounded up.
  public var reportedTotalWeight: Int { inConfiguredUnits(totalWeight) }

  private func inConfiguredUnits(_ effective: Int) -> Int {
    (effective * weightDivisor + weightScale - 1) / weightScale
  }

  /// Which servers take new traffic now.
  public var selection: Selection {
    if usableActiveCount > 0 { return .active }
    if let first = firstUsableBackup { return .firstBackup(first) }
    return usableBackupCount > 0 ? .backups : .none
  }

  /// The total effective weight of the servers taking traffic (HAProxy's `tot_weight`).
  public var totalWeight: Int {
    switch selection {
    case .none: 0
    case .active: activeWeight
    case .firstBackup(let server): effectiveWeights[server.value]
    case .backups: backupWeight
    }
  }

  /// How many servers take traffic (HAProxy's `tot_used`): hash algorithms skip hashing when
  /// it is one.
  public var serversInUse: Int {
    switch selection {
    case .none: 0
    case .active: usableActiveCount
    case .firstBackup: 1
    case .backups: usableBackupCount
    }
  }

  /// Numbers servers without an `id` as HAProxy does: walking in declaration order with a
  /// counter that every server advances, each takes the first free number at or above it.
  static func assignIdentifiers(_ members: [Member]) -> [Int] {
    var taken = Set(members.compactMap(\.identifier))
    var next = 1
    return members.map { member in
      defer { next += 1 }
      if let identifier = member.identifier { return identifier }
      while taken.contains(next) { next += 1 }
      taken.insert(next)
      return next
    }
  }

  static func greatestCommonDivisor(of weights: [Int]) -> Int {
    var divisor = 0
    for weight in weights where weight > 0 {
      var (a, b) = (divisor, weight)
      while b != 0 { (a, b) = (b, a % b) }
      divisor = a
    }
    return max(divisor, 1)
  }
}
