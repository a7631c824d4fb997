import Atomics
import FulcrumBalancing
import NIOConcurrencyHelpers

/// The connection slots of one backend's servers, shared by every event loop: how many
/// sessions (requests, in mode http) each server serves, and, for servers with a `maxconn`,
/// the queues of sessions waiting for a slot, as HAProxy's `maxconn`, `maxqueue`,
/// `minconn`/`fullconn` and queues work.
///
/// Taking and giving back a slot are lock-free. The lock guards the queues and is taken only
/// when a session meets a full server, or a slot is freed while sessions wait. Any thread.
final class BackendQueue: Sendable {
  /// The servers' `maxconn`, `minconn` and `maxqueue`, and the backend's `fullconn`.
  struct Limits: Sendable {
    var maxConnections: [Int]
    var minConnections: [Int]
    var maxQueue: [Int]
    var fullConnections: Int
    /// `backup` servers do not take sessions from the backend's queue when they come up (the
    /// active servers serve it while any is up).
    var isBackup: [Bool]
    /// `option redispatch`: the sessions queued on a server that goes down choose again.
    var redispatch: Bool
  }

  private let limits: Limits
  /// Each server's `maxconn` and `minconn` now: the configured ones until an agent's
  /// `maxconn:N` changes them.
  private let maxConnections: [ManagedAtomic<Int>]
  private let minConnections: [ManagedAtomic<Int>]
  private let servedCounts: [ManagedAtomic<Int>]
  private let waitingCounts: [ManagedAtomic<Int>]
  private let servedTotal = ManagedAtomic(0)
  private let waitingTotal = ManagedAtomic(0)
  private let usableFlags: [ManagedAtomic<Bool>]
  private let pending: NIOLockedValueBox<PendingQueues<BackendQueueTicket>>

  init(limits: Limits, initiallyUsable: [Bool]) {
    self.limits = limits
    let count = limits.maxConnections.count
    maxConnections = limits.maxConnections.map { ManagedAtomic($0) }
    minConnections = limits.minConnections.map { ManagedAtomic($0) }
    servedCounts = (0..<count).map { _ in ManagedAtomic(0) }
    waitingCounts = (0..<count).map { _ in ManagedAtomic(0) }
    usableFlags = initiallyUsable.map { ManagedAtomic($0) }
    pending = NIOLockedValueBox(PendingQueues(serverCount: count))
  }

  /// Sessions `server` serves now.
  func served(_ server: Int) -> Int { servedCounts[server].load(ordering: .relaxed) }

  /// Sessions waiting in `server`'s own queue.
  func queued(_ server: Int) -> Int { waitingCounts[server].load(ordering: .relaxed) }

  /// Sessions served by any server of the backend.
  var backendServed: Int { servedTotal.load(ordering: .relaxed) }

  /// Sessions served or waiting (HAProxy's `beconn`), which the dynamic `minconn` limit follows.
  var backendConnections: Int { servedTotal.load(ordering: .relaxed) + waitingTotal.load(ordering: .relaxed) }

  /// Sessions waiting in the backend's own queue.
  var backendQueued: Int { pending.withLockedValue { $0.backendCount } }

  /// `server`'s limit now: `maxconn`, or the dynamic limit between `minconn` and `maxconn`.
  func limit(_ server: Int) -> Int {
    ServerPool.dynamicLimit(
      maxConnections: maxConnections[server].load(ordering: .relaxed),
      minConnections: minConnections[server].load(ordering: .relaxed), fullConnections: limits.fullConnections,
      backendConnections: backendConnections)
  }

  /// Changes `server`'s `maxconn` (an agent's `maxconn:N`, see
  /// `ServerPool.setConnectionLimit`), then grants the slots a higher limit frees to the
  /// sessions waiting, as HAProxy serves the server's queue after the change.
  func setConnectionLimit(_ server: Int, _ value: Int) {
    let (maximum, minimum) = ServerPool.changedLimits(
      maxConnections: maxConnections[server].load(ordering: .relaxed),
      minConnections: minConnections[server].load(ordering: .relaxed), to: value)
    minConnections[server].store(minimum, ordering: .sequentiallyConsistent)
    maxConnections[server].store(maximum, ordering: .sequentiallyConsistent)
    if waitingTotal.load(ordering: .sequentiallyConsistent) > 0 { dispatch(server) }
  }

  /// Takes a slot on `server` if it has one free and nobody queues for it: always without
  /// `maxconn`, else only below its limit.
  func tryTake(_ server: Int) -> Bool {
    guard maxConnections[server].load(ordering: .relaxed) > 0 else {
      servedCounts[server].wrappingIncrement(ordering: .sequentiallyConsistent)
      servedTotal.wrappingIncrement(ordering: .relaxed)
      return true
    }
    guard waitingCounts[server].load(ordering: .sequentiallyConsistent) == 0 else { return false }
    return takeBelowLimit(server)
  }

  /// Counts one more session on `server` if it is below its limit, never above it however
  /// many loops try at once.
  private func takeBelowLimit(_ server: Int) -> Bool {
    let counter = servedCounts[server]
    var current = counter.load(ordering: .sequentiallyConsistent)
    while current < limit(server) {
      let (exchanged, original) = counter.weakCompareExchange(
        expected: current, desired: current + 1, ordering: .sequentiallyConsistent)
      if exchanged {
        servedTotal.wrappingIncrement(ordering: .relaxed)
        return true
      }
      current = original
    }
    return false
  }

  /// Gives back a slot on `server` and hands it on to the oldest session waiting for it.
  func release(_ server: Int) {
    servedCounts[server].wrappingDecrement(ordering: .sequentiallyConsistent)
    servedTotal.wrappingDecrement(ordering: .relaxed)
    if waitingTotal.load(ordering: .sequentiallyConsistent) > 0 { dispatch(server) }
  }

  /// Queues `ticket` on `server`'s queue, or the backend's when nil. Returns false, queueing
  /// nothing, when the server's queue is at its `maxqueue`.
  func enqueue(_ ticket: BackendQueueTicket, on server: Int?) -> Bool {
    let queued = pending.withLockedValue { queues -> Bool in
      if let server {
        let maxQueue = limits.maxQueue[server]
        if maxQueue > 0 && queues.serverCounts[server] >= maxQueue { return false }
      }
      queues.append(ticket, to: server.map { ServerIndex($0) })
      if let server { waitingCounts[server].wrappingIncrement(ordering: .sequentiallyConsistent) }
      waitingTotal.wrappingIncrement(ordering: .sequentiallyConsistent)
      return true
    }
    // A slot freed between the caller's check and the queueing saw nobody waiting: serve the
    // server's queue now (the backend queue's caller picks again instead).
    if queued, let server { dispatch(server) }
    return queued
  }

  /// `ticket` left its queue on its own (its session gave up).
  func withdrew(_ ticket: BackendQueueTicket) {
    pending.withLockedValue { queues in
      queues.withdrew(from: ticket.server.map { ServerIndex($0) })
      if let server = ticket.server { waitingCounts[server].wrappingDecrement(ordering: .sequentiallyConsistent) }
      waitingTotal.wrappingDecrement(ordering: .sequentiallyConsistent)
    }
  }

  /// Whether `server` takes new sessions (up, weight above 0): only then does it serve the
  /// backend's queue. Coming up, it takes queued sessions at once; going down, the sessions
  /// queued on it alone choose again with `option redispatch`, else wait out `timeout queue`.
  /// Returns how many sessions moved (HAProxy's "requeued").
  @discardableResult
  func setUsable(_ server: Int, _ usable: Bool) -> Int {
    let was = usableFlags[server].exchange(usable, ordering: .sequentiallyConsistent)
    if usable && !was {
      return limits.isBackup[server] ? 0 : dispatch(server)
    } else if !usable && was && limits.redispatch {
      let moved = pending.withLockedValue { queues in
        let taken = queues.drain(server: ServerIndex(server)) { $0.claim() }
        waitingCounts[server].wrappingDecrement(by: taken.count, ordering: .sequentiallyConsistent)
        waitingTotal.wrappingDecrement(by: taken.count, ordering: .sequentiallyConsistent)
        return taken
      }
      for ticket in moved { ticket.deliverRedispatch() }
      return moved.count
    }
    return 0
  }

  /// Grants free slots on `server` to the oldest waiting sessions; returns how many.
  @discardableResult
  private func dispatch(_ server: Int) -> Int {
    var count = 0
    let includeBackend = usableFlags[server].load(ordering: .sequentiallyConsistent)
    let hasLimit = maxConnections[server].load(ordering: .relaxed) > 0
    var granted: BackendQueueTicket?
    repeat {
      granted = pending.withLockedValue { queues -> BackendQueueTicket? in
        guard queues.totalCount > 0 else { return nil }
        if hasLimit {
          guard takeBelowLimit(server) else { return nil }
        } else {
          servedCounts[server].wrappingIncrement(ordering: .sequentiallyConsistent)
          servedTotal.wrappingIncrement(ordering: .relaxed)
        }
        guard
          let ticket = queues.next(for: ServerIndex(server), includingBackend: includeBackend, claim: { $0.claim() })
        else {
          // Nobody this server may serve waits: the slot goes back unused.
          servedCounts[server].wrappingDecrement(ordering: .sequentiallyConsistent)
          servedTotal.wrappingDecrement(ordering: .relaxed)
          return nil
        }
        if let own = ticket.server { waitingCounts[own].wrappingDecrement(ordering: .sequentiallyConsistent) }
        waitingTotal.wrappingDecrement(ordering: .sequentiallyConsistent)
        return ticket
      }
      if let granted {
        granted.deliverGrant(server: server)
        count += 1
      }
    } while granted != nil
    return count
  }
}
