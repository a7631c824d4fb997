extension ServerPool {
  /// One server's change as an algorithm must apply it: usable or not, and its effective
  /// weight, before and after. The pool's counts already include the change.
  struct Transition: Sendable, Equatable {
    var server: ServerIndex
    var wasUsable: Bool
    var previousWeight: Int
    var isUsable: Bool
    var weight: Int

    /// Whether the change matters to load balancing at all.
    var isNoChange: Bool { wasUsable == isUsable && previousWeight == weight }
  }

  /// Marks `server` down (failed checks, maintenance). Nil when it already was.
  mutating func markDown(_ server: ServerIndex) -> Transition? {
    guard upFlags[server.value] else { return nil }
    return change(server) { pool in
      pool.upFlags[server.value] = false
      pool.warmupStarts[server.value] = nil
      pool.warmupPercents[server.value] = 100
    }
  }

  /// Marks `server` up at `now`; a server with `slowstart` starts warming up. Nil when it
  /// already was up.
  mutating func markUp(_ server: ServerIndex, at now: Duration) -> Transition? {
    self.now = now
    guard !upFlags[server.value] else { return nil }
    return change(server) { pool in
      pool.upFlags[server.value] = true
      if pool.slowstartSeconds(server) > 0 {
        pool.warmupStarts[server.value] = now
        pool.warmupPercents[server.value] = 0
      }
    }
  }

  /// Sets `server`'s weight (0...256), as the runtime API's `set weight` does. Static
  /// weighting only accepts 0 and the configured weight.
  mutating func setUserWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) -> Transition {
    guard (0...Weighting.maximumWeight).contains(weight) else { throw .outOfRange(weight) }
    let configured = members[server.value].weight
    if weighting == .static && weight != 0 && weight != configured {
      throw .staticAlgorithm(requested: weight, configured: configured)
    }
    return change(server) { pool in pool.userWeights[server.value] = weight }
  }

  /// Moves the pool's clock to `now` (the runtime's monotonic clock). Warming servers are then
  /// ramped up one at a time with `rampUp(_:)`.
  mutating func setClock(_ now: Duration) { self.now = now }

  /// Recomputes a warming server's effective weight and connection limit at the pool's clock,
  /// ending its warm-up once `slowstart` has elapsed. Nil when it is not warming up.
  mutating func rampUp(_ server: ServerIndex) -> Transition? {
    guard warmupStarts[server.value] != nil else { return nil }
    return change(server) { _ in }
  }

  /// Applies `body`, refreshes the effective weight, the warm-up state and the group counts, and
  /// describes what changed.
  private mutating func change(_ server: ServerIndex, _ body: (inout ServerPool) -> Void) -> Transition {
    let wasUsable = isUsable(server)
    let previousWeight = effectiveWeights[server.value]
    body(&self)
    refreshWarmup(server)
    effectiveWeights[server.value] = computeEffectiveWeight(server)
    recount()
    return Transition(
      server: server, wasUsable: wasUsable, previousWeight: previousWeight, isUsable: isUsable(server),
      weight: effectiveWeights[server.value])
  }

  /// `slowstart` in whole seconds, rounded up as HAProxy stores it.
  func slowstartSeconds(_ server: ServerIndex) -> Int {
    let (seconds, attoseconds) = members[server.value].slowstart.components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return Int((milliseconds + 999) / 1000)
  }

  /// Updates the warm-up progress of `server` at the pool's clock, ending it when the
  /// slowstart has elapsed (or the clock went backwards).
  private mutating func refreshWarmup(_ server: ServerIndex) {
    guard let start = warmupStarts[server.value] else { return }
    let total = slowstartSeconds(server)
    let elapsed = (now - start).components.seconds
    if now < start || elapsed >= total {
      warmupStarts[server.value] = nil
      warmupPercents[server.value] = 100
    } else {
      warmupPercents[server.value] = Int(100 * elapsed) / total
    }
  }

  /// The effective weight: the configured weight scaled by 16 (dynamic) or divided by the
  /// weights' common divisor (static), ramped linearly from 1/16 while warming up.
  func computeEffectiveWeight(_ server: ServerIndex) -> Int {
    var factor = weightScale
    if weighting == .dynamic, let start = warmupStarts[server.value] {
      let total = slowstartSeconds(server)
      let elapsed = Int((now - start).components.seconds)
      factor = (weightScale * elapsed + total) / total
    }
    return (userWeights[server.value] * factor + weightDivisor - 1) / weightDivisor
  }

  /// Recounts usable servers and weights per group, the first usable backup and the
  /// cumulative weights, as HAProxy's `recount_servers`.
  mutating func recount() {
    usableActiveCount = 0
    usableBackupCount = 0
    activeWeight = 0
    backupWeight = 0
    firstUsableBackup = nil
    for index in members.indices {
      let server = ServerIndex(index)
      guard isUsable(server) else { continue }
      if members[index].isBackup {
        if usableBackupCount == 0 && !allBackups { firstUsableBackup = server }
        usableBackupCount += 1
        cumulativeWeights[index] = backupWeight
        backupWeight += effectiveWeights[index]
      } else {
        usableActiveCount += 1
        cumulativeWeights[index] = activeWeight
        activeWeight += effectiveWeights[index]
      }
    }
  }
}
