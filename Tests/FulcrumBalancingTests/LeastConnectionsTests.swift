import FulcrumBalancing
import Testing

@Suite struct LeastConnectionsTests {
  /// The lowest load for the weight wins: HAProxy's key `(load + 1) × 4096 / eweight`.
  @Test func picksTheLowestLoadForItsWeight() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 2, 4))
    func pick(_ load: ConnectionCounts) -> ServerIndex? {
      algorithm.loadChangedOnAllServers(load: load)
      return algorithm.pick(load: load)
    }
    #expect(pick(ConnectionCounts(served: [1, 1, 1])) == 2)
    #expect(pick(ConnectionCounts(served: [0, 3, 9])) == 0)
    #expect(pick(ConnectionCounts(served: [2, 3, 5])) == 2)
    #expect(pick(ConnectionCounts(served: [2, 3, 8])) == 1)
    var queued = ConnectionCounts(served: [1, 1, 1])
    queued.setQueued(10, for: 2)
    #expect(pick(queued) == 1)
  }

  /// A load change that was not reported is caught when the server reaches the front.
  @Test func unreportedIncreaseIsCaughtAtTheFront() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 1))
    #expect(algorithm.pick(load: ConnectionCounts(served: [9, 0])) == 1)
  }

  /// Servers with the same key take turns, whatever their declaration order: one that takes a
  /// connection, or drops one, goes behind the others with its new key.
  @Test func tiesAreBrokenByRoundRobin() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 1, 1))
    var counts = ConnectionCounts(served: [4, 4, 4])
    algorithm.loadChangedOnAllServers(load: counts)
    var sequence = ""
    for _ in 0..<9 {
      guard let server = algorithm.pick(load: counts) else { break }
      sequence += String(server.value)
      counts.connectionStarted(on: server)
      algorithm.loadChanged(on: server, load: counts)
    }
    #expect(sequence == "012012012")
    // Reported as they happen, ends order the ties as in HAProxy: the first to end goes first.
    var reported = algorithm
    var reportedCounts = counts
    reportedCounts.connectionEnded(on: 2)
    reported.loadChanged(on: 2, load: reportedCounts)
    reportedCounts.connectionEnded(on: 0)
    reported.loadChanged(on: 0, load: reportedCounts)
    #expect(reported.pick(load: reportedCounts) == 2)
  }

  /// Opening connections without closing any spreads them in proportion to the weights.
  @Test func fairInProportionToWeights() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 2, 3, 2))
    var counts = ConnectionCounts(serverCount: 4)
    for _ in 0..<800 {
      guard let server = algorithm.pick(load: counts) else { break }
      counts.connectionStarted(on: server)
      algorithm.loadChanged(on: server, load: counts)
    }
    let served = (0..<4).map { counts.served(ServerIndex($0)) }
    #expect(isClose(served, [100, 200, 300, 200], tolerance: 2))
  }

  /// A full server is passed over unless `maxqueue` lets it queue.
  @Test func maxconnAndMaxqueue() {
    var servers = Fixtures.weights(4, 1)
    servers[0].maxConnections = 2
    var algorithm = LeastConnections(servers: servers)
    #expect(algorithm.pick(load: ConnectionCounts(served: [2, 9])) == 1)
    servers[0].maxQueue = 3
    var queueing = LeastConnections(servers: servers)
    var counts = ConnectionCounts(served: [2, 9])
    counts.setQueued(2, for: 0)
    #expect(queueing.pick(load: counts) == 0)
    counts.setQueued(3, for: 0)
    #expect(queueing.pick(load: counts) == 1)
    servers[1].maxConnections = 9
    var full = LeastConnections(servers: servers)
    #expect(full.pick(load: counts) == nil)
  }

  @Test func downDrainedAndBackupServers() throws {
    var servers = Fixtures.weights(1, 1, 1)
    servers[2].isBackup = true
    var algorithm = LeastConnections(servers: servers)
    let idle = ConnectionCounts(serverCount: 3)
    algorithm.serverWentDown(0)
    #expect(picks(&algorithm, count: 3, load: idle) == "111")
    try algorithm.setWeight(0, of: 1)
    #expect(algorithm.pick(load: idle) == 2)
    algorithm.serverWentUp(0, at: .seconds(1))
    #expect(algorithm.pick(load: ConnectionCounts(served: [50, 0, 0])) == 0)
    #expect(algorithm.pick(avoiding: 0, load: idle) == 0)
  }

  /// A weight change takes effect at once.
  @Test func weightChangesApplyAtOnce() throws {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 1))
    let load = ConnectionCounts(served: [3, 5])
    #expect(algorithm.pick(load: load) == 0)
    try algorithm.setWeight(2, of: 1)
    #expect(algorithm.pick(load: load) == 1)
  }
}
