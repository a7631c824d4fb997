import DequeModule

/// The sessions of one backend waiting for a connection slot, queued as HAProxy queues them:
/// the backend's queue (sessions no server had room for, served by whichever usable server
/// frees a slot first) and one queue per server (sessions their algorithm bound to a full
/// server). A slot freed on a server goes to the older of the heads of its own queue and, when
/// the server is usable, of the backend's queue, so sessions are served in arrival order.
///
/// Entries leave from the head (granted a slot) or from anywhere (their session gave up:
/// `timeout queue`, client gone). Leaving from anywhere is lazy: the owner marks the entry as no
/// longer waiting, calls `withdrew(from:)` so the counts stay exact, and the entry is dropped
/// when it reaches the head. Every operation is O(1) amortized and allocation-free once the
/// queues have grown.
///
/// Value type; its owner serializes access (the runtime keeps it under a lock, which only
/// sessions meeting a full server take).
public struct PendingQueues<Entry> {
  fileprivate struct Waiting {
    let arrival: UInt64
    let entry: Entry
  }

  private var backendQueue: Deque<Waiting> = []
  private var serverQueues: [Deque<Waiting>]
  private var arrivals: UInt64 = 0
  /// Sessions waiting in the backend's queue.
  public private(set) var backendCount = 0
  /// Sessions waiting in each server's queue.
  public private(set) var serverCounts: [Int]
  /// Sessions waiting in any queue of the backend.
  public private(set) var totalCount = 0

  /// Empty queues for a backend of `serverCount` servers.
  public init(serverCount: Int) {
    serverQueues = Array(repeating: [], count: serverCount)
    serverCounts = Array(repeating: 0, count: serverCount)
  }

  /// Queues `entry` on `server`'s queue, or on the backend's when `server` is nil.
  public mutating func append(_ entry: Entry, to server: ServerIndex?) {
    let waiting = Waiting(arrival: arrivals, entry: entry)
    arrivals &+= 1
    if let server {
      serverQueues[server.value].append(waiting)
      serverCounts[server.value] += 1
    } else {
      backendQueue.append(waiting)
      backendCount += 1
    }
    totalCount += 1
  }

  /// An entry of `server`'s queue (the backend's when nil) stopped waiting on its own; it stays
  /// in place until it reaches the head, but no longer counts.
  public mutating func withdrew(from server: ServerIndex?) {
    if let server {
      serverCounts[server.value] -= 1
    } else {
      backendCount -= 1
    }
    totalCount -= 1
  }

  /// Removes and returns the oldest entry that may take a slot freed on `server`: from its own
  /// queue, or from the backend's when `includingBackend` (the server is usable). `claim` is
  /// asked about each head in turn and must atomically take the entry out of waiting; a head it
  /// refuses had withdrawn and is dropped uncounted.
  public mutating func next(
    for server: ServerIndex, includingBackend: Bool, claim: (Entry) -> Bool
  ) -> Entry? {
    while true {
      let own = serverQueues[server.value].first
      let shared = includingBackend ? backendQueue.first : nil
      let fromBackend: Bool
      switch (own, shared) {
      case (nil, nil): return nil
      case (.some, nil): fromBackend = false
      case (nil, .some): fromBackend = true
      case (.some(let mine), .some(let theirs)): fromBackend = theirs.arrival < mine.arrival
      }
      let head = fromBackend ? backendQueue.removeFirst() : serverQueues[server.value].removeFirst()
      guard claim(head.entry) else { continue }
      if fromBackend {
        backendCount -= 1
      } else {
        serverCounts[server.value] -= 1
      }
      totalCount -= 1
      return head.entry
    }
  }

  /// Removes every entry of `server`'s own queue that `claim` takes (the server went down and
  /// its sessions choose again), oldest first.
  public mutating func drain(server: ServerIndex, claim: (Entry) -> Bool) -> [Entry] {
    var taken: [Entry] = []
    while let head = serverQueues[server.value].popFirst() {
      guard claim(head.entry) else { continue }
      serverCounts[server.value] -= 1
      totalCount -= 1
      taken.append(head.entry)
    }
    return taken
  }
}

extension PendingQueues: Sendable where Entry: Sendable {}

extension PendingQueues.Waiting: Sendable where Entry: Sendable {}
