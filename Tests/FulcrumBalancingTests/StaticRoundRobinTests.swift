import FulcrumBalancing
import Testing

@Suite struct StaticRoundRobinTests {
  @Test func weightsAreExactOverEachMapTurn() {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(1, 2, 3))
    let sequence = picks(&algorithm, count: 600)
    #expect(tally(sequence, servers: 3) == [100, 200, 300])
    #expect(sequence.hasPrefix("021212"))
  }

  /// Weights are divided by their common divisor, so 20:40:60 behaves as 1:2:3.
  @Test func commonDivisorKeepsTheMapSmall() {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(20, 40, 60))
    #expect(algorithm.pool.effectiveWeight(0) == 1)
    #expect(algorithm.pool.effectiveWeight(2) == 3)
    #expect(picks(&algorithm, count: 6) == "021212")
  }

  /// Only 0 and the configured weight are accepted at run time.
  @Test func weightsAreStatic() throws {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(1, 2, 3))
    #expect(throws: WeightChangeError.staticAlgorithm(requested: 5, configured: 3)) {
      try algorithm.setWeight(5, of: 2)
    }
    try algorithm.setWeight(0, of: 2)
    #expect(picks(&algorithm, count: 6) == "011011")
    try algorithm.setWeight(3, of: 2)
    #expect(tally(picks(&algorithm, count: 60), servers: 3) == [10, 20, 30])
  }

  @Test func downServersLeaveTheMapAndComeBackAtOnce() {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(1, 1, 1))
    algorithm.serverWentDown(1)
    #expect(picks(&algorithm, count: 4) == "0202")
    algorithm.serverWentUp(1, at: .seconds(3))
    #expect(tally(picks(&algorithm, count: 9), servers: 3) == [3, 3, 3])
  }

  /// Full servers (`maxconn`) are skipped; when all are full the pick fails so the request can
  /// queue.
  @Test func fullServersAreSkipped() {
    var servers = Fixtures.weights(1, 1, 1)
    for index in servers.indices { servers[index].maxConnections = 1 }
    var algorithm = StaticRoundRobin(servers: servers)
    var counts = ConnectionCounts(serverCount: 3)
    counts.connectionStarted(on: 0)
    #expect(picks(&algorithm, count: 4, load: counts) == "1212")
    counts.connectionStarted(on: 1)
    counts.connectionStarted(on: 2)
    #expect(algorithm.pick(load: counts) == nil)
    #expect(algorithm.pool.totalWeight > 0)
  }

  @Test func slowstartDoesNotApply() {
    var servers = Fixtures.weights(2, 2)
    servers[1].slowstart = .seconds(30)
    var algorithm = StaticRoundRobin(servers: servers)
    algorithm.serverWentDown(1)
    algorithm.serverWentUp(1, at: .seconds(10))
    #expect(algorithm.pool.effectiveWeight(1) == algorithm.pool.effectiveWeight(0))
    #expect(tally(picks(&algorithm, count: 10), servers: 2) == [5, 5])
  }
}
