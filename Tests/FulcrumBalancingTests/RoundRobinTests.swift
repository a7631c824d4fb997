import FulcrumBalancing
import Testing

@Suite struct RoundRobinTests {
  /// Weights 1:2:3 over 600 picks give exactly 100/200/300, and every window of six picks holds
  /// the servers in that proportion, never the same server twice in a row.
  @Test func weightsAreExactAndInterleaved() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 2, 3))
    let sequence = picks(&algorithm, count: 600)
    #expect(tally(sequence, servers: 3) == [100, 200, 300])
    let digits = Array(sequence)
    for window in stride(from: 0, to: 600, by: 6) {
      #expect(tally(String(digits[window..<window + 6]), servers: 3) == [1, 2, 3])
    }
    #expect(zip(digits, digits.dropFirst()).allSatisfy { $0 != $1 })
  }

  @Test func equalWeightsTakeTurnsInDeclarationOrder() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 1, 1, 1))
    #expect(picks(&algorithm, count: 12) == "012301230123")
  }

  @Test func fairOverManyServersAndUnevenWeights() {
    let weights = [7, 1, 3, 256, 12, 5, 9, 2, 100, 4]
    var algorithm = RoundRobin(servers: weights.map { ServerPool.Member(weight: $0) })
    let total = weights.reduce(0, +)
    let sequence = picks(&algorithm, count: total * 4)
    #expect(tally(sequence, servers: weights.count) == weights.map { $0 * 4 })
  }

  /// While a server is down the others share its turns by weight; back up, it gets its share
  /// again. As in HAProxy, the window in progress when the group changed finishes with the
  /// positions it had, so proportions are exact again only from the next window on.
  @Test func aServerGoingDownGetsNothingAndComesBackToItsShare() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 2, 3))
    _ = picks(&algorithm, count: 4)
    algorithm.serverWentDown(2)
    let whileDown = picks(&algorithm, count: 90)
    #expect(!whileDown.contains("2"))
    #expect(isClose(tally(whileDown, servers: 3), [30, 60, 0], tolerance: 2))
    algorithm.serverWentUp(2, at: .seconds(1))
    #expect(isClose(tally(picks(&algorithm, count: 60), servers: 3), [10, 20, 30], tolerance: 1))
    #expect(tally(picks(&algorithm, count: 60), servers: 3) == [10, 20, 30])
  }

  @Test func weightChangesApplyAtOnce() throws {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 1))
    _ = picks(&algorithm, count: 3)
    try algorithm.setWeight(3, of: 1)
    _ = picks(&algorithm, count: 4)
    #expect(tally(picks(&algorithm, count: 40), servers: 2) == [10, 30])
    try algorithm.setWeight(0, of: 1)
    #expect(picks(&algorithm, count: 5) == "00000")
    try algorithm.setWeight(1, of: 1)
    _ = picks(&algorithm, count: 2)
    #expect(tally(picks(&algorithm, count: 20), servers: 2) == [10, 10])
    #expect(throws: WeightChangeError.outOfRange(257)) { try algorithm.setWeight(257, of: 0) }
  }

  @Test func weightZeroDrains() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 0, 1))
    #expect(picks(&algorithm, count: 6) == "020202")
    var allDrained = RoundRobin(servers: Fixtures.weights(0, 0))
    #expect(allDrained.pick() == nil)
    #expect(allDrained.pool.totalWeight == 0)
  }

  /// With every active server down the first usable backup takes everything; with
  /// `option allbackups` the backups share by weight; actives coming back take over again.
  @Test func backupsWhenAllActivesAreDown() {
    var servers = Fixtures.weights(1, 1, 2, 1, 3)
    servers[2].isBackup = true
    servers[3].isBackup = true
    servers[4].isBackup = true
    var first = RoundRobin(servers: servers)
    #expect(picks(&first, count: 4) == "0101")
    first.serverWentDown(0)
    first.serverWentDown(1)
    #expect(first.pool.selection == .firstBackup(2))
    #expect(picks(&first, count: 4) == "2222")
    first.serverWentDown(2)
    #expect(picks(&first, count: 4) == "3333")
    first.serverWentUp(1, at: .seconds(5))
    #expect(picks(&first, count: 3) == "111")

    var all = RoundRobin(servers: servers, allBackups: true)
    all.serverWentDown(0)
    all.serverWentDown(1)
    #expect(all.pool.selection == .backups)
    #expect(tally(picks(&all, count: 60), servers: 5) == [0, 0, 20, 10, 30])
    all.serverWentDown(2)
    all.serverWentDown(3)
    all.serverWentDown(4)
    #expect(all.pool.selection == ServerPool.Selection.none)
    #expect(all.pick() == nil)
  }

  @Test func avoidedServerIsPickedOnlyAsALastResort() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 1))
    for _ in 0..<10 { #expect(algorithm.pick(avoiding: 0) == 1) }
    var single = RoundRobin(servers: Fixtures.weights(1))
    #expect(single.pick(avoiding: 0) == 0)
  }

  /// `slowstart 10s`: a returning server starts at 1/16 of its weight and ramps up linearly.
  @Test func slowstartRampsTheWeightUp() {
    var servers = Fixtures.weights(1, 1)
    servers[1].slowstart = .seconds(10)
    var algorithm = RoundRobin(servers: servers)
    #expect(algorithm.pool.effectiveWeight(1) == 16)
    algorithm.serverWentDown(1)
    algorithm.serverWentUp(1, at: .seconds(100))
    #expect(algorithm.pool.effectiveWeight(1) == 1)
    #expect(algorithm.pool.isWarmingUp(1))
    _ = picks(&algorithm, count: 17)
    #expect(tally(picks(&algorithm, count: 170), servers: 2) == [160, 10])
    algorithm.advanceClock(to: .seconds(105))
    #expect(algorithm.pool.effectiveWeight(1) == 9)
    algorithm.advanceClock(to: .seconds(110))
    #expect(algorithm.pool.effectiveWeight(1) == 16)
    #expect(!algorithm.pool.isWarmingUp(1))
    _ = picks(&algorithm, count: 2)
    #expect(tally(picks(&algorithm, count: 40), servers: 2) == [20, 20])
  }
}
