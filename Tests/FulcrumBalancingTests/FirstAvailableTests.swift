import FulcrumBalancing
import Testing

@Suite struct FirstAvailableTests {
  static func servers(maxconn: [Int], identifiers: [Int?]? = nil) -> [ServerPool.Member] {
    maxconn.indices.map { ServerPool.Member(identifier: identifiers?[$0], maxConnections: maxconn[$0]) }
  }

  /// Servers fill up to their `maxconn` one after the other, lowest `id` first.
  @Test func fillsServersInOrderUpToTheirMaxconn() {
    var algorithm = FirstAvailable(servers: Self.servers(maxconn: [2, 3, 1]))
    var counts = ConnectionCounts(serverCount: 3)
    var sequence = ""
    for _ in 0..<6 {
      guard let server = algorithm.pick(load: counts) else { break }
      sequence += String(server.value)
      counts.connectionStarted(on: server)
    }
    #expect(sequence == "001112")
    #expect(algorithm.pick(load: counts) == nil)
    counts.connectionEnded(on: 1)
    #expect(algorithm.pick(load: counts) == 1)
    counts.connectionEnded(on: 0)
    #expect(algorithm.pick(load: counts) == 0)
  }

  @Test func identifiersOrderTheServers() {
    var algorithm = FirstAvailable(servers: Self.servers(maxconn: [1, 1, 1], identifiers: [30, 10, 20]))
    var counts = ConnectionCounts(serverCount: 3)
    var order: [Int] = []
    while let server = algorithm.pick(load: counts) {
      order.append(server.value)
      counts.connectionStarted(on: server)
    }
    #expect(order == [1, 2, 0])
  }

  /// Without `maxconn` the first server takes everything; weights only matter as 0.
  @Test func withoutMaxconnTheFirstServerTakesAll() throws {
    var algorithm = FirstAvailable(servers: Fixtures.weights(1, 5, 9))
    #expect(picks(&algorithm, count: 5, load: ConnectionCounts(served: [100, 0, 0])) == "00000")
    try algorithm.setWeight(0, of: 0)
    #expect(picks(&algorithm, count: 3) == "111")
    algorithm.serverWentDown(1)
    #expect(picks(&algorithm, count: 3) == "222")
    #expect(algorithm.pick(avoiding: 2) == 2)
  }

  @Test func backupsFillInOrderWithAllBackups() {
    var servers = Self.servers(maxconn: [1, 1, 1])
    servers[1].isBackup = true
    servers[2].isBackup = true
    var algorithm = FirstAvailable(servers: servers, allBackups: true)
    algorithm.serverWentDown(0)
    #expect(algorithm.pick(load: ConnectionCounts(served: [0, 1, 0])) == 2)
    var single = FirstAvailable(servers: servers)
    single.serverWentDown(0)
    // The single-backup mode hands everything to the first backup, full or not, as HAProxy.
    #expect(single.pick(load: ConnectionCounts(served: [0, 1, 0])) == 1)
  }
}
