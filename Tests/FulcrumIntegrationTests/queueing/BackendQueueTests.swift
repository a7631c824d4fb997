import FulcrumBalancing
import FulcrumCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import FulcrumRuntime

/// The shared slots and queues behind every loop's selector, driven on two real event loops
/// without sockets: a full server is full for both loops, a freed slot reaches the oldest
/// waiter on its own loop, a withdrawn waiter is skipped, a server coming up serves the
/// backend's queue, and one going down sends its own queue to choose again.
@Suite struct BackendQueueTests {
  /// Records what the queue tells it, on its loop.
  final class Waiter: ServerQueueWaiter, @unchecked Sendable {
    var granted: [Int] = []
    var redispatched = 0
    var ticket: (any ServerQueueTicket)?
    private let told = NIOLockedValueBox(false)

    func queueGranted(server: Int, ticket: any ServerQueueTicket) {
      #expect(ticket === self.ticket)
      granted.append(server)
      told.withLockedValue { $0 = true }
    }

    func queueRedispatched(ticket: any ServerQueueTicket) {
      redispatched += 1
      told.withLockedValue { $0 = true }
    }

    /// Waits (polling, no fixed sleep) until the queue told this waiter something.
    func waitUntilTold() async -> Bool {
      let clock = ContinuousClock()
      let deadline = clock.now + .seconds(5)
      while clock.now < deadline {
        if told.withLockedValue({ $0 }) { return true }
        try? await Task.sleep(for: .milliseconds(2))
      }
      return false
    }
  }

  static func balancing(_ members: [ServerPool.Member], choice: AlgorithmChoice = .roundRobin) -> BackendBalancing {
    BackendBalancing(choice: choice, members: members, hash: HashSettings(), allBackups: false, redispatch: true)
  }

  /// Runs `body` on `loop` and waits for its result.
  static func on<T: Sendable>(_ loop: any EventLoop, _ body: @escaping @Sendable () -> T) async throws -> T {
    try await loop.submit(body).get()
  }

  static func assign(
    _ selectors: PerLoopSelectors, on loop: any EventLoop, _ waiter: Waiter
  ) async throws
    -> String
  {
    try await on(loop) {
      switch selectors.selector(for: loop).assignServer(
        client: .none, requestKey: Span(), excluding: nil, waiter: waiter)
      {
      case .server(let index): return "server \(index)"
      case .queued(let ticket):
        waiter.ticket = ticket
        return "queued"
      case .noServer: return "no server"
      case .queueFull: return "queue full"
      }
    }
  }

  @Test func aFullServerIsFullForEveryLoopAndAFreedSlotGoesToTheOldestWaiter() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let loops = Array(group.makeIterator())
    let selectors = PerLoopSelectors(
      group: group, balancing: Self.balancing([ServerPool.Member(maxConnections: 1)]))
    let first = Waiter()
    let second = Waiter()
    let third = Waiter()
    #expect(try await Self.assign(selectors, on: loops[0], first) == "server 0")
    #expect(try await Self.assign(selectors, on: loops[1], second) == "queued")
    #expect(try await Self.assign(selectors, on: loops[0], third) == "queued")
    #expect(selectors.queue.backendQueued == 2)
    // The slot is given back on loop 0; the oldest waiter, on loop 1, gets it there.
    try await Self.on(loops[0]) { selectors.selector(for: loops[0]).connectionEnded(on: 0) }
    #expect(await second.waitUntilTold())
    #expect(try await Self.on(loops[1]) { second.granted } == [0])
    #expect(selectors.queue.served(0) == 1)
    // The third withdraws before the slot frees: the slot stays free.
    #expect(try await Self.on(loops[0]) { third.ticket!.withdraw() })
    try await Self.on(loops[1]) { selectors.selector(for: loops[1]).connectionEnded(on: 0) }
    #expect(selectors.queue.served(0) == 0)
    #expect(selectors.queue.backendQueued == 0)
    try await group.shutdownGracefully()
  }

  @Test func anAgentsMaxconnLimitsTheServerAndARaiseServesTheQueue() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let loops = Array(group.makeIterator())
    let selectors = PerLoopSelectors(group: group, balancing: Self.balancing([ServerPool.Member()]))
    let waiters = (0..<4).map { _ in Waiter() }
    // No maxconn: sessions go through. The agent says maxconn:1 (applied on each loop, in turn).
    #expect(try await Self.assign(selectors, on: loops[0], waiters[0]) == "server 0")
    selectors.setConnectionLimit(1, of: 0)
    for loop in loops { try await Self.on(loop) {} }
    #expect(try await Self.assign(selectors, on: loops[1], waiters[1]) == "queued")
    #expect(try await Self.assign(selectors, on: loops[0], waiters[2]) == "queued")
    // maxconn:2 lets one more in: the oldest waiter gets the slot.
    selectors.setConnectionLimit(2, of: 0)
    #expect(await waiters[1].waitUntilTold())
    #expect(try await Self.on(loops[1]) { waiters[1].granted } == [0])
    #expect(selectors.queue.backendQueued == 1)
    // maxconn:0 removes the limit: the last waiter goes through, and so does a new session.
    selectors.setConnectionLimit(0, of: 0)
    #expect(await waiters[2].waitUntilTold())
    for loop in loops { try await Self.on(loop) {} }
    #expect(try await Self.assign(selectors, on: loops[1], waiters[3]) == "server 0")
    #expect(selectors.queue.served(0) == 4)
    try await group.shutdownGracefully()
  }

  @Test func aHashingAlgorithmWaitsOnItsServerUpToMaxqueue() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let loop = group.next()
    let selectors = PerLoopSelectors(
      group: group,
      balancing: Self.balancing(
        [ServerPool.Member(maxConnections: 1, maxQueue: 1)], choice: .hash(.sourceAddress)))
    let waiters = (0..<3).map { _ in Waiter() }
    #expect(try await Self.assign(selectors, on: loop, waiters[0]) == "server 0")
    #expect(try await Self.assign(selectors, on: loop, waiters[1]) == "queued")
    #expect(try await Self.assign(selectors, on: loop, waiters[2]) == "queue full")
    #expect(selectors.queue.queued(0) == 1)
    try await group.shutdownGracefully()
  }

  @Test func serversComingUpServeTheQueueAndGoingDownRedispatchTheirOwn() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let loop = group.next()
    let queue = BackendQueue(
      limits: .init(
        maxConnections: [1, 1], minConnections: [0, 0], maxQueue: [0, 0], fullConnections: 0,
        isBackup: [false, false], redispatch: true),
      initiallyUsable: [true, false])
    let selectors = PerLoopSelectors(
      group: group, balancing: Self.balancing([ServerPool.Member(maxConnections: 1)]))
    // One session waits in the backend's queue, one on server 0's own.
    #expect(queue.tryTake(0))
    let inBackend = Waiter()
    let onServer = Waiter()
    let backendTicket = try await Self.on(loop) {
      BackendQueueTicket(
        server: nil, queue: queue, loop: loop, selector: selectors.selector(for: loop) as! any QueueGrantReceiver,
        waiter: inBackend)
    }
    let serverTicket = try await Self.on(loop) {
      BackendQueueTicket(
        server: 0, queue: queue, loop: loop, selector: selectors.selector(for: loop) as! any QueueGrantReceiver,
        waiter: onServer)
    }
    inBackend.ticket = backendTicket
    onServer.ticket = serverTicket
    #expect(queue.enqueue(backendTicket, on: nil))
    #expect(queue.enqueue(serverTicket, on: 0))
    // Server 1 comes up: it takes the backend's waiter, not server 0's.
    queue.setUsable(1, true)
    #expect(await inBackend.waitUntilTold())
    #expect(try await Self.on(loop) { inBackend.granted } == [1])
    // Server 0 goes down: its own waiter chooses again.
    queue.setUsable(0, false)
    #expect(await onServer.waitUntilTold())
    #expect(try await Self.on(loop) { onServer.redispatched } == 1)
    #expect(queue.queued(0) == 0)
    try await group.shutdownGracefully()
  }
}
