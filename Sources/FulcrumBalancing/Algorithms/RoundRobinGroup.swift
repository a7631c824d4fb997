/// HAProxy's fast weighted round robin (`fwrr`) for one group of servers, active or backup.
/// Each server advances through a window as wide as the group's total weight by steps of the
/// group's weight over its own, carrying the fraction; the next server is the one whose turn
/// comes first. Servers due in the current window sit in a queue ordered by position; two more
/// queues ordered by weight hold "init" (servers not yet started in this window) and "next"
/// (servers done with it), which swap roles when the window ends. A pick is O(log n) and never
/// allocates. Value type, owned by `RoundRobin`.
struct RoundRobinGroup: Sendable {
  /// Which queue a server was last placed in (HAProxy's `lb_tree`). A server taken out to be
  /// picked keeps this until it is placed again.
  enum Placement: UInt8, Sendable {
    case none
    case current
    case weightTreeA
    case weightTreeB
  }

  /// A server's progress (HAProxy's `npos`, `lpos` and `rweight`) and where it is queued.
  struct Progress: Sendable {
    var position = 0
    var lastPosition = 0
    var remainder = 0
    var placement = Placement.none
  }

  var current: OrderedServerQueue
  var weightTreeA: OrderedServerQueue
  var weightTreeB: OrderedServerQueue
  var initIsA = true
  /// The position reached in the current window.
  var currentPosition = 0
  /// The group's total weight when the current window started.
  var currentWeight = 0
  var progress: [Progress]
  /// Servers found full during one pick, put back once it is over.
  var saturated: [Int32]

  /// The group of `members` (usable ones are queued), whose weights total `weight`.
  init(capacity: Int, members: [ServerIndex], weight: Int, pool: ServerPool) {
    current = OrderedServerQueue(capacity: capacity)
    weightTreeA = OrderedServerQueue(capacity: capacity)
    weightTreeB = OrderedServerQueue(capacity: capacity)
    progress = Array(repeating: Progress(), count: capacity)
    saturated = Array(repeating: -1, count: capacity)
    currentPosition = weight
    currentWeight = weight
    for server in members where pool.isUsable(server) {
      queueByWeight(server.value, weight: pool.effectiveWeight(server), intoInit: true)
    }
  }

  var initPlacement: Placement { initIsA ? .weightTreeA : .weightTreeB }
  var nextPlacement: Placement { initIsA ? .weightTreeB : .weightTreeA }

  /// The next server with room, as HAProxy's `fwrr_get_next_server`: servers found full (or
  /// avoided) are set aside and put back afterwards; the window may end once per pick.
  /// `weight` is the group's total effective weight now.
  mutating func next(weight: Int, avoiding: Int, pool: ServerPool, load: some ServerLoad) -> Int? {
    let limited = pool.hasConnectionLimits
    var switched = false
    var avoided: Int?
    var saturatedCount = 0
    var chosen: Int?
    search: while true {
      if currentWeight == 0 {
        currentPosition = weight
        currentWeight = weight
      }
      var candidate: Int
      while true {
        if let found = candidateInWindow(pool) {
          candidate = found
          break
        }
        if switched {
          if let avoided {
            chosen = avoided
            place(avoided, weight: weight, pool: pool)
          }
          break search
        }
        switched = true
        initIsA.toggle()
        currentWeight = weight
        currentPosition = weight
      }
      advance(candidate, weight: weight, pool: pool)
      currentPosition += 1
      if !limited || pool.hasRoom(ServerIndex(candidate), load: load) {
        if candidate != avoiding || avoided != nil {
          chosen = candidate
          place(candidate, weight: weight, pool: pool)
          break search
        }
        avoided = candidate
      }
      dequeue(candidate)
      saturated[saturatedCount] = Int32(candidate)
      saturatedCount += 1
    }
    // Put back the servers set aside, last first. After a window switch their place is lost and
    // only their weight matters; otherwise they keep the place they would have had.
    var index = saturatedCount - 1
    while index >= 0 {
      let server = Int(saturated[index])
      if server != chosen {
        if switched {
          queueByWeight(server, weight: pool.effectiveWeight(ServerIndex(server)), intoInit: true)
        } else {
          place(server, weight: weight, pool: pool)
        }
      }
      index -= 1
    }
    return chosen
  }

  /// The first server of the current window if its turn has come, else the heaviest server not
  /// yet started (which starts now), else whatever the window holds.
  mutating func candidateInWindow(_ pool: ServerPool) -> Int? {
    let first = current.first
    if let first, pool.effectiveWeight(ServerIndex(first)) > 0, progress[first].position <= currentPosition {
      return first
    }
    if let fresh = initIsA ? weightTreeA.first : weightTreeB.first, pool.effectiveWeight(ServerIndex(fresh)) > 0 {
      progress[fresh].position = 0
      progress[fresh].remainder = 0
      return fresh
    }
    return first
  }

  /// Moves `server` one step ahead: the group's weight over its own, the fraction carried.
  mutating func advance(_ server: Int, weight: Int, pool: ServerPool) {
    let own = pool.effectiveWeight(ServerIndex(server))
    guard own > 0 else { return }
    if progress[server].position == 0 { progress[server].position = currentPosition }
    progress[server].lastPosition = progress[server].position
    progress[server].position += weight / own
    progress[server].remainder += weight % own
    if progress[server].remainder >= own {
      progress[server].remainder -= own
      progress[server].position += 1
    }
  }

  /// Queues `server` by its position: in the current window if its next turn falls in it, else
  /// in the next window's queue; nowhere if it is not usable (HAProxy's `fwrr_queue_srv`). A
  /// server still in the current queue is requeued in place.
  mutating func place(_ server: Int, weight: Int, pool: ServerPool) {
    guard pool.isUsable(ServerIndex(server)) else {
      dequeue(server)
      progress[server].placement = .none
      return
    }
    let own = pool.effectiveWeight(ServerIndex(server))
    let position = progress[server].position
    if own <= 0 || position >= 2 * currentWeight || position >= currentWeight + weight {
      dequeue(server)
      progress[server].position -= currentWeight
      queueByWeight(server, weight: own, intoInit: false)
      return
    }
    let key =
      UInt64(Weighting.maximumWeight * position)
      + UInt64(Weighting.maximumEffectiveWeight + progress[server].remainder - own) / UInt64(Weighting.dynamicScale)
    if current.contains(server) {
      current.requeue(server, key: key)
    } else {
      dequeue(server)
      current.insert(server, key: key)
    }
    progress[server].placement = .current
  }

  /// Places `server` in the init or next queue, heavier servers first.
  mutating func queueByWeight(_ server: Int, weight: Int, intoInit: Bool) {
    let key = UInt64(Weighting.maximumEffectiveWeight - weight)
    let placement = intoInit ? initPlacement : nextPlacement
    if placement == .weightTreeA {
      weightTreeA.insert(server, key: key)
    } else {
      weightTreeB.insert(server, key: key)
    }
    progress[server].placement = placement
  }

  /// Takes `server` out of whichever queue holds it, keeping its placement.
  mutating func dequeue(_ server: Int) {
    switch progress[server].placement {
    case .none: break
    case .current: current.remove(server)
    case .weightTreeA: weightTreeA.remove(server)
    case .weightTreeB: weightTreeB.remove(server)
    }
  }
}
