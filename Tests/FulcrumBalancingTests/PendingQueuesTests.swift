import FulcrumBalancing
import Testing

/// The backend and server queues: arrival order across both, a server that is not usable
/// serving only its own queue, withdrawn entries skipped without being counted twice, and a
/// down server's queue drained for redispatch.
@Suite struct PendingQueuesTests {
  @Test func aFreedSlotGoesToTheOldestOfBothQueues() {
    var queues = PendingQueues<String>(serverCount: 2)
    queues.append("backend-1", to: nil)
    queues.append("s0-1", to: 0)
    queues.append("s1-1", to: 1)
    queues.append("backend-2", to: nil)
    queues.append("s0-2", to: 0)
    #expect(queues.totalCount == 5)
    #expect(queues.backendCount == 2)
    #expect(queues.serverCounts == [2, 1])
    var served: [String] = []
    while let next = queues.next(for: 0, includingBackend: true, claim: { _ in true }) { served.append(next) }
    #expect(served == ["backend-1", "s0-1", "backend-2", "s0-2"])
    #expect(queues.next(for: 1, includingBackend: true, claim: { _ in true }) == "s1-1")
    #expect(queues.totalCount == 0)
  }

  @Test func aServerThatIsNotUsableServesOnlyItsOwnQueue() {
    var queues = PendingQueues<Int>(serverCount: 1)
    queues.append(1, to: nil)
    queues.append(2, to: 0)
    #expect(queues.next(for: 0, includingBackend: false, claim: { _ in true }) == 2)
    #expect(queues.next(for: 0, includingBackend: false, claim: { _ in true }) == nil)
    #expect(queues.backendCount == 1)
  }

  @Test func withdrawnEntriesAreSkippedAndCountedOnce() {
    var queues = PendingQueues<Int>(serverCount: 1)
    for entry in 1...4 { queues.append(entry, to: entry.isMultiple(of: 2) ? 0 : nil) }
    // 1 (backend) and 2 (server 0) give up.
    let gaveUp: Set = [1, 2]
    queues.withdrew(from: nil)
    queues.withdrew(from: 0)
    #expect(queues.totalCount == 2)
    var served: [Int] = []
    while let next = queues.next(for: 0, includingBackend: true, claim: { !gaveUp.contains($0) }) {
      served.append(next)
    }
    #expect(served == [3, 4])
    #expect(queues.totalCount == 0 && queues.backendCount == 0 && queues.serverCounts == [0])
  }

  @Test func drainingADownServerTakesOnlyItsOwnWaitingEntries() {
    var queues = PendingQueues<Int>(serverCount: 2)
    queues.append(1, to: 0)
    queues.append(2, to: nil)
    queues.append(3, to: 0)
    queues.append(4, to: 1)
    queues.append(5, to: 0)
    queues.withdrew(from: 0)
    let drained = queues.drain(server: 0) { $0 != 3 }
    #expect(drained == [1, 5])
    #expect(queues.serverCounts == [0, 1])
    #expect(queues.totalCount == 2)
  }

  /// `minconn`/`fullconn`: the limit follows the backend's load between the two.
  @Test func dynamicLimitRampsBetweenMinconnAndMaxconn() {
    func limit(_ load: Int) -> Int {
      ServerPool.dynamicLimit(maxConnections: 100, minConnections: 10, fullConnections: 1_000, backendConnections: load)
    }
    #expect(limit(0) == 10)
    #expect(limit(50) == 10)
    #expect(limit(500) == 50)
    #expect(limit(999) == 99)
    #expect(limit(5_000) == 100)
    #expect(
      ServerPool.dynamicLimit(maxConnections: 7, minConnections: 0, fullConnections: 10, backendConnections: 1) == 7)
  }
}
