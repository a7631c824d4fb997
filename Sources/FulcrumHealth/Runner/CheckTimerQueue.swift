import NIOCore

/// Every check timer of one event loop (next checks, agent checks, probe bounds) behind at
/// most a few NIO scheduled tasks. NIO keeps scheduled tasks in a heap whose removals cost
/// thousands of instructions each once it holds thousands of entries (three timers per check
/// of a thousand servers made it the checker's largest cost); this queue keeps plain
/// deadlines in a heap of its own and asks NIO to wake it only for the earliest one that is
/// not cancelled (cancelled ones are dropped as they reach the top). Loop-bound: created off the loop in a box,
/// then used only on `loop`.
final class CheckTimerQueue {
  struct Entry {
    var deadline: NIODeadline
    var id: Int
  }

  let loop: any EventLoop
  private var heap: [Entry] = []
  private var actions: [Int: () -> Void] = [:]
  private var nextID = 0
  /// The deadline NIO will wake the queue at (nil: none pending).
  private var wakeUp: NIODeadline?
  /// Set while due timers run: what they schedule is armed once, after them.
  private var firing = false

  init(loop: any EventLoop) {
    self.loop = loop
  }

  /// Runs `action` on the loop `delay` from now; returns an id for `cancel`.
  @discardableResult
  func schedule(in delay: TimeAmount, _ action: @escaping () -> Void) -> Int {
    let deadline = NIODeadline.now() + delay
    nextID += 1
    actions[nextID] = action
    push(Entry(deadline: deadline, id: nextID))
    if !firing, wakeUp.map({ deadline < $0 }) ?? true { arm(deadline) }
    return nextID
  }

  /// Forgets the timer `id`; nothing happens when it comes due.
  func cancel(_ id: Int) {
    actions[id] = nil
  }

  /// How many timers are waiting (cancelled ones included until they come due).
  var count: Int { heap.count }

  private func arm(_ deadline: NIODeadline) {
    wakeUp = deadline
    // A wake-up that an earlier one replaces is left to fire: it finds nothing due and goes.
    _ = loop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in
      self.fire(armedFor: deadline)
    }
  }

  private func fire(armedFor deadline: NIODeadline) {
    if wakeUp == deadline { wakeUp = nil }
    let now = NIODeadline.now()
    firing = true
    while let first = heap.first, first.deadline <= now {
      popFirst()
      if let action = actions.removeValue(forKey: first.id) { action() }
    }
    firing = false
    // Cancelled timers (most probe bounds are) must not wake the loop: drop them from the top.
    while let first = heap.first, actions[first.id] == nil { popFirst() }
    if let first = heap.first, wakeUp.map({ first.deadline < $0 }) ?? true { arm(first.deadline) }
  }

  // A binary min-heap on (deadline, id): ids break ties in scheduling order.

  private static func before(_ a: Entry, _ b: Entry) -> Bool {
    a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id)
  }

  private func push(_ entry: Entry) {
    heap.append(entry)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard Self.before(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private func popFirst() {
    let last = heap.removeLast()
    guard !heap.isEmpty else { return }
    heap[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count && Self.before(heap[left], heap[smallest]) { smallest = left }
      if right < heap.count && Self.before(heap[right], heap[smallest]) { smallest = right }
      if smallest == parent { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
