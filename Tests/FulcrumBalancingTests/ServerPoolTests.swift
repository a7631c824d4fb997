import FulcrumBalancing
import Testing

@Suite struct ServerPoolTests {
  /// Servers without `id` take the first free number at or above a counter every server
  /// advances, as HAProxy numbers them.
  @Test func identifiersAreNumberedAsHAProxyDoes() {
    let members: [ServerPool.Member] = [.init(identifier: 5), .init(), .init(), .init(identifier: 3), .init()]
    #expect(ServerPool(members: members, weighting: .dynamic).identifiers == [5, 2, 4, 3, 6])
    #expect(ServerPool(members: Fixtures.weights(1, 1, 1), weighting: .dynamic).identifiers == [1, 2, 3])
  }

  @Test func effectiveWeights() {
    let dynamic = ServerPool(members: Fixtures.weights(1, 2, 256, 0), weighting: .dynamic)
    #expect((0..<4).map { dynamic.effectiveWeight(ServerIndex($0)) } == [16, 32, 4096, 0])
    #expect(dynamic.totalWeight == 4144)
    #expect(!dynamic.isUsable(3) && dynamic.isUp(3))
    let scaled = ServerPool(members: Fixtures.weights(20, 30, 0, 50), weighting: .static)
    #expect((0..<4).map { scaled.effectiveWeight(ServerIndex($0)) } == [2, 3, 0, 5])
  }

  @Test func selectionFollowsActiveAndBackupServers() {
    var members = Fixtures.weights(1, 1, 2, 3)
    members[2].isBackup = true
    members[3].isBackup = true
    members[0].isInitiallyUp = false
    var pool = ServerPool(members: members, weighting: .dynamic)
    #expect(pool.selection == .active)
    #expect(pool.serversInUse == 1)
    members[1].isInitiallyUp = false
    pool = ServerPool(members: members, weighting: .dynamic)
    #expect(pool.selection == .firstBackup(2))
    #expect(pool.totalWeight == 32)
    pool = ServerPool(members: members, weighting: .dynamic, allBackups: true)
    #expect(pool.selection == .backups)
    #expect(pool.totalWeight == 80)
    #expect(pool.serversInUse == 2)
  }

  /// While warming up, the connection limit ramps from 1 to `maxconn` with the elapsed share of
  /// `slowstart`; `minconn` with `fullconn` scales it with the backend's load.
  @Test func connectionLimits() {
    var members = Fixtures.weights(1, 1)
    members[0].maxConnections = 100
    members[0].slowstart = .seconds(10)
    members[1].maxConnections = 100
    members[1].minConnections = 10
    var algorithm = RoundRobin(servers: members, fullConnections: 1000)
    let quiet = ConnectionCounts(served: [0, 0])
    #expect(algorithm.pool.connectionLimit(1, load: quiet) == 10)
    #expect(algorithm.pool.connectionLimit(1, load: ConnectionCounts(served: [0, 500])) == 50)
    #expect(algorithm.pool.connectionLimit(1, load: ConnectionCounts(served: [0, 2000])) == 100)
    #expect(algorithm.pool.connectionLimit(0, load: quiet) == 100)
    algorithm.serverWentDown(0)
    algorithm.serverWentUp(0, at: .seconds(50))
    #expect(algorithm.pool.connectionLimit(0, load: quiet) == 1)
    algorithm.advanceClock(to: .seconds(53))
    #expect(algorithm.pool.connectionLimit(0, load: quiet) == 30)
    #expect(algorithm.pool.effectiveWeight(0) == (16 * 3 + 10) / 10)
    #expect(!algorithm.pool.hasRoom(0, load: ConnectionCounts(served: [30, 0])))
    #expect(algorithm.pool.hasRoom(0, load: ConnectionCounts(served: [29, 0])))
    algorithm.advanceClock(to: .seconds(60))
    #expect(algorithm.pool.connectionLimit(0, load: quiet) == 100)
    #expect(algorithm.pool.effectiveWeight(0) == 16)
  }

  /// `slowstart 500ms` counts as one second, as HAProxy rounds it.
  @Test func slowstartRoundsUpToSeconds() {
    var members = Fixtures.weights(4)
    members[0].slowstart = .milliseconds(500)
    var algorithm = RoundRobin(servers: members)
    algorithm.serverWentDown(0)
    algorithm.serverWentUp(0, at: .seconds(7))
    #expect(algorithm.pool.effectiveWeight(0) == 4)
    algorithm.advanceClock(to: .milliseconds(7_900))
    #expect(algorithm.pool.isWarmingUp(0))
    algorithm.advanceClock(to: .seconds(8))
    #expect(algorithm.pool.effectiveWeight(0) == 64)
  }

  @Test func weightErrorsSayWhatToDo() {
    #expect("\(WeightChangeError.outOfRange(300))".contains("0 to 256"))
    #expect("\(WeightChangeError.staticAlgorithm(requested: 5, configured: 2))".contains("hash-type consistent"))
  }
}
