import FulcrumBalancing
import Testing

/// Known answers recorded from HAProxy 2.6.12 while changing servers through its admin socket
/// (`set weight`, `disable server`, `enable server`) between requests, and, for `leastconn`,
/// `first` and `maxconn`, holding TCP connections open (`mode tcp`) and closing some. One digit
/// per pick, in order.
@Suite struct HAProxyDynamicKnownAnswerTests {
  @Test func roundRobinFollowsWeightChangesAndServersGoingDownAndUp() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 2, 3, 4))
    let steps: [Step] =
      Step.requests(7) + [.weight(3, 1)] + Step.requests(13) + [.down(1)] + Step.requests(11) + [.up(1)]
      + Step.requests(17) + [.weight(0, 8)] + Step.requests(23) + [.weight(2, 0)] + Step.requests(9)
      + [.weight(2, 3)] + Step.requests(30)
    #expect(
      run(&algorithm, steps)
        == "3231230212123210212322022230222130212213021221300201020300120002010203001000010003102000210020031020002100200"
        + "3")
  }

  @Test func roundRobinFallsBackToBackupsOneAtATime() {
    var servers = Fixtures.weights(1, 2, 1, 1)
    servers[2].isBackup = true
    servers[3].isBackup = true
    var algorithm = RoundRobin(servers: servers)
    let steps: [Step] =
      Step.requests(4) + [.down(0), .down(1)] + Step.requests(4) + [.down(2)] + Step.requests(3) + [.up(2)]
      + Step.requests(2) + [.up(1)] + Step.requests(3)
    #expect(run(&algorithm, steps) == "1101222233322111")
  }

  @Test func staticRoundRobinRebuildsItsMap() {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(1, 2, 3))
    let steps: [Step] =
      Step.requests(5) + [.weight(2, 0)] + Step.requests(7) + [.weight(2, 3)] + Step.requests(8) + [.down(0)]
      + Step.requests(6) + [.up(0)] + Step.requests(9)
    #expect(run(&algorithm, steps) == "02121011011021212021221212120212120")
  }

  @Test func consistentHashingMovesOnlyTheChangedServersKeys() {
    var algorithm = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: .consistent), servers: Fixtures.weights12311)
    let keys = Step.requests(keys: Inputs.uris(100))
    let steps = keys + [.down(2)] + keys + [.weight(1, 5)] + keys + [.up(2)] + keys
    #expect(
      run(&algorithm, steps)
        == "1320112024234111210034202242201101423243221211043031221143212120312201000122412104003012121224212101"
        + "1330114004334111310034104340001101413343111411043031341143011130311101000101411104003013101034310101"
        + "1110114014134111111131114141101101413143111411041031141141011110311101100111411104003011111134111101"
        + "1110112024134111111131212142201101413143121211041031221141211120311101100122412104003011121124211101")
  }

  @Test func mapBasedHashingRemapsWhenAServerGoesDown() {
    var algorithm = HashBalancer(key: .uri(URIKey()), servers: Fixtures.weights12311)
    let keys = Step.requests(keys: Inputs.uris(60))
    #expect(
      run(&algorithm, keys + [.down(2)] + keys)
        == "220322021103224211423114211422114210322014220322023220321421141010301031313141410141030303031413141010141031403131414141"
    )
  }

  /// Three servers (weights 1, 1, 2): eight connections held, some closed, more opened.
  @Test func leastConnectionsWithHeldConnections() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 1, 2))
    let steps: [Step] =
      (0..<8).map { .open($0) } + [.close(1), .close(2)] + (10..<14).map { .open($0) }
      + [.close(0), .close(3), .close(4)] + (20..<26).map { .open($0) }
    #expect(run(&algorithm, steps) == "012220121220221022")
  }

  /// Connections that close before the next one opens rotate over idle servers.
  @Test func leastConnectionsRotatesIdleServers() {
    var algorithm = LeastConnections(servers: Fixtures.weights(1, 1, 1))
    let steps: [Step] = (0..<9).flatMap { [Step.open($0), .close($0)] }
    #expect(run(&algorithm, steps) == "012012012")
  }

  /// Weights 1, 3, 2 and a backup; a weight change; then the actives go down.
  @Test func leastConnectionsWithWeights() {
    var servers = Fixtures.weights(1, 3, 2, 1)
    servers[3].isBackup = true
    var algorithm = LeastConnections(servers: servers)
    let steps: [Step] =
      (0..<12).map { .open($0) } + [.close(5), .close(6), .close(1)] + (20..<25).map { .open($0) } + [.weight(1, 1)]
      + (30..<34).map { .open($0) } + [.down(0), .down(1), .down(2)] + (40..<42).map { .open($0) }
    #expect(run(&algorithm, steps) == "01212112102111112022033")
  }

  /// `maxconn` 2, 3 and 2: servers fill up in order.
  @Test func firstFillsServersInOrder() {
    var servers = Fixtures.weights(1, 1, 1)
    servers[0].maxConnections = 2
    servers[1].maxConnections = 3
    servers[2].maxConnections = 2
    var algorithm = FirstAvailable(servers: servers)
    let steps: [Step] =
      (0..<5).map { .open($0) } + [.close(0)] + [.open(10), .open(11)] + [.close(2), .close(3)] + [
        .open(12), .open(13),
      ]
    #expect(run(&algorithm, steps) == "001110211")
  }

  /// Round robin skips full servers (`maxconn 1`, `weight 2 maxconn 2`, `weight 3`).
  @Test func roundRobinSkipsFullServers() {
    var servers = Fixtures.weights(1, 2, 3)
    servers[0].maxConnections = 1
    servers[1].maxConnections = 2
    var algorithm = RoundRobin(servers: servers)
    #expect(run(&algorithm, (0..<10).map { .open($0) }) == "2120212222")
  }

  /// `balance source`, `hash-type consistent`, `hash-balance-factor 150`: 60 clients held, a
  /// third of them gone, 30 more. Servers over 1.5 times their share are passed over.
  @Test func boundedLoadConsistentHashing() {
    var algorithm = HashBalancer(
      key: .sourceAddress, settings: HashSettings(method: .consistent, balanceFactor: 150),
      servers: Fixtures.weights12311)
    let sources = Inputs.sources(60)
    let steps: [Step] =
      (0..<60).map { .open($0, key: sources[$0]) } + stride(from: 0, to: 60, by: 3).map { .close($0) }
      + (0..<30).map { .open(100 + $0, key: sources[$0]) }
    #expect(
      run(&algorithm, steps)
        == "120212224231421231123411421321122340411202143220222232241102"
        + "121010222231421231123411421321")
  }

  /// The balance factor does not apply to map-based hashing.
  @Test func boundedLoadIgnoredByMapBasedHashing() {
    var algorithm = HashBalancer(
      key: .sourceAddress, settings: HashSettings(balanceFactor: 150), servers: Fixtures.weights(1, 2, 3))
    let sources = Inputs.sources(20)
    #expect(run(&algorithm, (0..<20).map { .open($0, key: sources[$0]) }) == "20202020202020202020")
  }
}
