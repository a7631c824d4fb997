/// Servers ordered by a key, first in first out among equal keys (the order HAProxy's elastic
/// binary trees give duplicates): a binary min-heap of (key, insertion stamp, server) entries with
/// each server's slot remembered, so any server can be requeued or removed in O(log n). Storage
/// is sized for every server at init and never grows, so nothing here allocates after init.
/// Value type, confined to its algorithm's loop.
struct OrderedServerQueue: Sendable {
  /// One queued server. Entries compare by key, then by stamp (earlier insertions first).
  struct Entry: Sendable {
    var key: UInt64
    var stamp: UInt64
    var server: Int32

    func precedes(_ other: Entry) -> Bool {
      key != other.key ? key < other.key : stamp < other.stamp
    }
  }

  private var heap: [Entry]
  private var slots: [Int32]
  private(set) var count = 0
  private var nextStamp: UInt64 = 0

  /// An empty queue able to hold servers `0..<capacity`.
  init(capacity: Int) {
    heap = Array(repeating: Entry(key: 0, stamp: 0, server: -1), count: capacity)
    slots = Array(repeating: -1, count: capacity)
  }

  /// The server with the smallest key, the earliest queued among equals.
  var first: Int? { count > 0 ? Int(heap[0].server) : nil }

  func contains(_ server: Int) -> Bool { slots[server] >= 0 }

  /// The entry of a queued server.
  func entry(of server: Int) -> Entry? {
    let slot = Int(slots[server])
    return slot >= 0 ? heap[slot] : nil
  }

  /// Queues `server`, which must not be queued, behind every server with the same key.
  mutating func insert(_ server: Int, key: UInt64) {
    restore(Entry(key: key, stamp: nextStamp, server: Int32(server)))
    nextStamp += 1
  }

  /// Puts back an entry taken out with `remove`, in the place it had among equal keys.
  mutating func restore(_ entry: Entry) {
    let server = Int(entry.server)
    precondition(slots[server] < 0, "server already queued")
    heap[count] = entry
    slots[server] = Int32(count)
    count += 1
    siftUp(count - 1)
  }

  /// Gives a queued `server` a new key and moves it behind every server with that key, as
  /// removing and inserting it would, in one pass.
  mutating func requeue(_ server: Int, key: UInt64) {
    let slot = Int(slots[server])
    precondition(slot >= 0, "server not queued")
    let wasKey = heap[slot].key
    heap[slot].key = key
    heap[slot].stamp = nextStamp
    nextStamp += 1
    if key < wasKey { siftUp(slot) } else { siftDown(slot) }
  }

  /// Takes `server` out, returning its entry; nil if it was not queued.
  @discardableResult
  mutating func remove(_ server: Int) -> Entry? {
    let slot = Int(slots[server])
    guard slot >= 0 else { return nil }
    let removed = heap[slot]
    slots[server] = -1
    count -= 1
    guard slot < count else { return removed }
    let moved = heap[count]
    heap[slot] = moved
    slots[Int(moved.server)] = Int32(slot)
    if slot > 0 && moved.precedes(heap[(slot - 1) / 2]) {
      siftUp(slot)
    } else {
      siftDown(slot)
    }
    return removed
  }

  private mutating func siftUp(_ start: Int) { Self.siftUp(start, &heap, &slots) }

  private mutating func siftDown(_ start: Int) { Self.siftDown(start, count, &heap, &slots) }

  // The sifts work on mutable spans: one exclusivity and uniqueness check per sift instead of
  // one per element access.
  private static func siftUp(_ start: Int, _ entries: inout [Entry], _ positions: inout [Int32]) {
    var heap = entries.mutableSpan
    var slots = positions.mutableSpan
    var slot = start
    let entry = heap[slot]
    while slot > 0 {
      let parent = (slot - 1) / 2
      let parentEntry = heap[parent]
      guard entry.precedes(parentEntry) else { break }
      heap[slot] = parentEntry
      slots[Int(parentEntry.server)] = Int32(slot)
      slot = parent
    }
    heap[slot] = entry
    slots[Int(entry.server)] = Int32(slot)
  }

  private static func siftDown(_ start: Int, _ count: Int, _ entries: inout [Entry], _ positions: inout [Int32]) {
    var heap = entries.mutableSpan
    var slots = positions.mutableSpan
    var slot = start
    let entry = heap[slot]
    while true {
      var child = 2 * slot + 1
      guard child < count else { break }
      if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
      let childEntry = heap[child]
      guard childEntry.precedes(entry) else { break }
      heap[slot] = childEntry
      slots[Int(childEntry.server)] = Int32(slot)
      slot = child
    }
    heap[slot] = entry
    slots[Int(entry.server)] = Int32(slot)
  }
}
