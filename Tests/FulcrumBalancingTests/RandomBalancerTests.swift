import FulcrumBalancing
import Testing

@Suite struct RandomBalancerTests {
  @Test func aSeededGeneratorRepeatsItsPicks() {
    var first = RandomBalancer(servers: Fixtures.weights(1, 2, 3), generator: Xoshiro256(seed: 42))
    var second = RandomBalancer(servers: Fixtures.weights(1, 2, 3), generator: Xoshiro256(seed: 42))
    var other = RandomBalancer(servers: Fixtures.weights(1, 2, 3), generator: Xoshiro256(seed: 7))
    let sequence = picks(&first, count: 200)
    #expect(picks(&second, count: 200) == sequence)
    #expect(picks(&other, count: 200) != sequence)
  }

  /// One draw follows the weights (over the consistent-hash ring).
  @Test func oneDrawFollowsTheWeights() {
    var algorithm = RandomBalancer(draws: 1, servers: Fixtures.weights(10, 20, 30), generator: Xoshiro256(seed: 1))
    let counts = tally(picks(&algorithm, count: 60_000), servers: 3)
    #expect(isClose(counts, [10_000, 20_000, 30_000], tolerance: 2_000))
  }

  /// With two draws the less loaded server (for its weight) wins, so a loaded server is
  /// picked only when drawn twice.
  @Test func twoDrawsAvoidTheLoadedServer() {
    var algorithm = RandomBalancer(draws: 2, servers: Fixtures.weights(1, 1, 1, 1), generator: Xoshiro256(seed: 3))
    let load = ConnectionCounts(served: [9, 0, 0, 0])
    let counts = tally(picks(&algorithm, count: 8_000, load: load), servers: 4)
    #expect(counts[0] < 8_000 / 16 + 200)
    var many = RandomBalancer(draws: 8, servers: Fixtures.weights(1, 1, 1, 1), generator: Xoshiro256(seed: 3))
    #expect(tally(picks(&many, count: 1_000, load: load), servers: 4)[0] < 10)
  }

  /// Keeping connections open, two draws spread them much more evenly than one.
  @Test func twoDrawsBalanceLongConnections() {
    func spread(draws: Int) -> Int {
      var algorithm = RandomBalancer(
        draws: draws, servers: Array(repeating: .init(), count: 8), generator: Xoshiro256(seed: 9))
      var counts = ConnectionCounts(serverCount: 8)
      for _ in 0..<800 {
        guard let server = algorithm.pick(load: counts) else { break }
        counts.connectionStarted(on: server)
      }
      let served = (0..<8).map { counts.served(ServerIndex($0)) }
      return served.max()! - served.min()!
    }
    #expect(spread(draws: 2) < spread(draws: 1))
    #expect(spread(draws: 2) <= 10)
  }

  /// If the winner is full the pick fails, so the request queues.
  @Test func fullWinnerMeansQueue() {
    var servers = Fixtures.weights(1)
    servers[0].maxConnections = 2
    var algorithm = RandomBalancer(servers: servers, generator: Xoshiro256(seed: 5))
    #expect(algorithm.pick(load: ConnectionCounts(served: [1])) == 0)
    #expect(algorithm.pick(load: ConnectionCounts(served: [2])) == nil)
  }

  @Test func downAvoidedAndBackupServers() {
    var servers = Fixtures.weights(1, 1, 1)
    servers[2].isBackup = true
    var algorithm = RandomBalancer(servers: servers, generator: Xoshiro256(seed: 11))
    for _ in 0..<50 { #expect(algorithm.pick(avoiding: 0) == 1) }
    algorithm.serverWentDown(1)
    #expect(picks(&algorithm, count: 20) == String(repeating: "0", count: 20))
    algorithm.serverWentDown(0)
    #expect(picks(&algorithm, count: 5) == "22222")
  }

  @Test func factoryBuildsEveryAlgorithm() {
    let servers = Fixtures.weights(1, 2)
    let choices: [AlgorithmChoice] = [
      .roundRobin, .staticRoundRobin, .leastConnections, .first, .random(draws: 2), .hash(.sourceAddress),
    ]
    for choice in choices {
      var algorithm = choice.makeAlgorithm(servers: servers, generator: Xoshiro256(seed: 1))
      #expect(algorithm.pool.count == 2)
      #expect(algorithm.pick() != nil)
    }
    #expect(AlgorithmChoice.hash(.sourceAddress).makeAlgorithm(servers: servers).input == .clientAddress)
  }
}
