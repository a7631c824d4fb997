import FulcrumBalancing
import Testing

@Suite struct HashBalancerTests {
  static let keys = (0..<20_000).map { Array("/objects/\($0).bin".utf8) }

  static func assignments(_ algorithm: inout HashBalancer, _ keys: [[UInt8]] = keys) -> [Int] {
    keys.map { algorithm.pick(key: $0.span, avoiding: nil, load: IdleLoad())?.value ?? -1 }
  }

  /// Removing one server of N moves its own keys only, about 1/N of them, and bringing it back
  /// restores every key's server.
  @Test(arguments: [5, 10, 20]) func consistentHashingMovesAboutOneNthOnRemoval(servers: Int) {
    var algorithm = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: .consistent),
      servers: Array(repeating: .init(), count: servers))
    let before = Self.assignments(&algorithm)
    algorithm.serverWentDown(ServerIndex(servers / 2))
    let after = Self.assignments(&algorithm)
    let moved = zip(before, after).filter { $0 != $1 }
    #expect(moved.allSatisfy { $0.0 == servers / 2 })
    #expect(Double(moved.count) / Double(Self.keys.count) <= 1.0 / Double(servers) + 0.05)
    #expect(!after.contains(servers / 2))
    algorithm.serverWentUp(ServerIndex(servers / 2), at: .seconds(1))
    #expect(Self.assignments(&algorithm) == before)
  }

  /// Map-based hashing, by contrast, reshuffles most keys when the server count changes.
  @Test func mapBasedHashingMovesMostKeysOnRemoval() {
    var algorithm = HashBalancer(key: .uri(URIKey()), servers: Array(repeating: .init(), count: 10))
    let before = Self.assignments(&algorithm)
    algorithm.serverWentDown(5)
    let after = Self.assignments(&algorithm)
    #expect(zip(before, after).filter { $0 != $1 }.count > Self.keys.count / 2)
  }

  /// `hash-type map-based none`: the key is the hash, so the server is the map slot at the key
  /// modulo the total weight. Weights 1:2 give the map [0, 1, 1].
  @Test func mapBasedIsTheHashModuloTheTotalWeight() {
    var equal = HashBalancer(
      key: .urlParameter(URLParameterKey(name: "id")), settings: HashSettings(function: HashFunction.none),
      servers: Fixtures.weights(1, 1, 1))
    var weighted = HashBalancer(
      key: .urlParameter(URLParameterKey(name: "id")), settings: HashSettings(function: HashFunction.none),
      servers: Fixtures.weights(1, 2))
    for id in 0..<30 {
      let target = Array("/x?id=\(id)".utf8)
      #expect(equal.pick(key: target.span, avoiding: nil, load: IdleLoad()) == ServerIndex(id % 3))
      #expect(weighted.pick(key: target.span, avoiding: nil, load: IdleLoad()) == ServerIndex(id % 3 == 0 ? 0 : 1))
    }
  }

  /// The same key lands on the same server, in any instance built from the same servers.
  @Test(arguments: [HashSettings.Method.mapBased, .consistent]) func deterministic(method: HashSettings.Method) {
    var first = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: method), servers: Fixtures.weights12311)
    var second = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: method), servers: Fixtures.weights12311)
    let keys = Array(Self.keys.prefix(2000))
    let assigned = Self.assignments(&first, keys)
    #expect(Self.assignments(&first, keys) == assigned)
    #expect(Self.assignments(&second, keys) == assigned)
  }

  /// Keys spread in proportion to weights: exactly over the map's slots, roughly on the ring.
  @Test func fairInProportionToWeights() {
    var map = HashBalancer(key: .uri(URIKey()), servers: Fixtures.weights(1, 2, 3, 2))
    let mapShare = tally(Self.assignments(&map).map(String.init).joined(), servers: 4)
    #expect(isClose(mapShare, [2500, 5000, 7500, 5000], tolerance: 250))
    var ring = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: .consistent), servers: Fixtures.weights(10, 20, 30, 20))
    let ringShare = tally(Self.assignments(&ring).map(String.init).joined(), servers: 4)
    #expect(isClose(ringShare, [2500, 5000, 7500, 5000], tolerance: 1000))
  }

  /// Without a key (no such parameter, empty header) the servers are used in turn.
  @Test(arguments: [HashSettings.Method.mapBased, .consistent]) func missingKeyFallsBackToRoundRobin(
    method: HashSettings.Method
  ) {
    var algorithm = HashBalancer(
      key: .urlParameter(URLParameterKey(name: "user")), settings: HashSettings(method: method),
      servers: Fixtures.weights(1, 1, 1))
    let target = Array("/page?other=1".utf8)
    var seen = ""
    for _ in 0..<300 { seen += String(algorithm.pick(key: target.span, avoiding: nil, load: IdleLoad())!.value) }
    let counts = tally(seen, servers: 3)
    #expect(counts.allSatisfy { $0 > 50 })
    if method == .mapBased { #expect(counts == [100, 100, 100]) }
    var header = HashBalancer(key: .header(name: "X-User", HeaderKey()), servers: Fixtures.weights(1, 1))
    #expect(picks(&header, keys: [[], [], [], []]) == "0101")
  }

  /// `hash-balance-factor 125`: a server past its share of the connections is skipped for the
  /// next one along the ring.
  @Test func balanceFactorSkipsOverloadedServers() {
    let settings = HashSettings(method: .consistent, balanceFactor: 125)
    var algorithm = HashBalancer(key: .uri(URIKey()), settings: settings, servers: Fixtures.weights(1, 1, 1, 1))
    let key = Array("/hot/object".utf8)
    let hot = algorithm.pick(key: key.span, avoiding: nil, load: IdleLoad())!
    // 20 connections, 5 each: every server is within 1.25 times its share (6 or 7 slots).
    var served = [5, 5, 5, 5]
    #expect(algorithm.pick(key: key.span, avoiding: nil, load: ConnectionCounts(served: served)) == hot)
    // 25 connections, 10 on the hot server: over its 8 slots.
    served[hot.value] = 10
    let other = algorithm.pick(key: key.span, avoiding: nil, load: ConnectionCounts(served: served))
    #expect(other != nil && other != hot)
  }

  @Test func consistentWeightsAreDynamicAndMapWeightsStatic() throws {
    var ring = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: .consistent), servers: Fixtures.weights(1, 1))
    try ring.setWeight(3, of: 1)
    let share = tally(Self.assignments(&ring).map(String.init).joined(), servers: 2)
    #expect(share[1] > share[0] * 2)
    var map = HashBalancer(key: .uri(URIKey()), servers: Fixtures.weights(1, 1))
    #expect(throws: WeightChangeError.staticAlgorithm(requested: 3, configured: 1)) { try map.setWeight(3, of: 1) }
  }

  @Test func avoidedServerIsSkippedOnTheRing() {
    var algorithm = HashBalancer(
      key: .uri(URIKey()), settings: HashSettings(method: .consistent), servers: Fixtures.weights(1, 1, 1))
    let key = Array("/a".utf8)
    let first = algorithm.pick(key: key.span, avoiding: nil, load: IdleLoad())!
    let second = algorithm.pick(key: key.span, avoiding: first, load: IdleLoad())
    #expect(second != nil && second != first)
  }

  @Test func noUsableServer() {
    var algorithm = HashBalancer(key: .sourceAddress, servers: Fixtures.weights(1))
    algorithm.serverWentDown(0)
    let address: [UInt8] = [10, 0, 0, 1]
    #expect(algorithm.pick(key: address.span, avoiding: nil, load: IdleLoad()) == nil)
    #expect(algorithm.pick(hashing: address.span, avoiding: nil, load: IdleLoad()) == nil)
  }

  /// `pick(hashing:)` hashes a value found elsewhere (a POST body parameter).
  @Test func pickByValue() {
    var algorithm = HashBalancer(key: .urlParameter(URLParameterKey(name: "user")), servers: Fixtures.weights12311)
    let target = Array("/login?user=alice".utf8)
    let value = Array("alice".utf8)
    let byTarget = algorithm.pick(key: target.span, avoiding: nil, load: IdleLoad())
    #expect(algorithm.pick(hashing: value.span, avoiding: nil, load: IdleLoad()) == byTarget)
  }
}
