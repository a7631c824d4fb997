import FulcrumBalancing

/// One balancing workload: an algorithm over a number of servers with the keys its picks hash.
/// Shared by the `Balancing` benchmarks and `instruction-counts`. Immutable; any thread.
public struct BalancingCase: Sendable {
  public let name: String
  public let choice: AlgorithmChoice
  public let servers: Int
  private let keys: @Sendable () -> BalancingKeys

  /// roundrobin, leastconn, source, uri and random, over 10 and then 1,000 servers.
  public static let all: [BalancingCase] = [10, 1_000].flatMap { servers in
    [
      BalancingCase(name: "roundrobin", choice: .roundRobin, servers: servers) { .none },
      BalancingCase(name: "leastconn", choice: .leastConnections, servers: servers) { .none },
      BalancingCase(name: "source", choice: .hash(.sourceAddress), servers: servers) { .clientAddresses() },
      BalancingCase(name: "uri", choice: .hash(.uri(URIKey())), servers: servers) { .requestTargets() },
      BalancingCase(name: "random", choice: .random(draws: 2), servers: servers) { .none },
    ]
  }

  init(name: String, choice: AlgorithmChoice, servers: Int, keys: @escaping @Sendable () -> BalancingKeys) {
    self.name = "\(name)-\(servers)-servers"
    self.choice = choice
    self.servers = servers
    self.keys = keys
  }

  /// The algorithm over `servers` servers weighted 10, 15 and 20 in turn (a pool of unequal
  /// machines), every table built: it has made twice as many picks as there are servers.
  public func makeLoop() -> any PickRunning {
    let members = (0..<servers).map { ServerPool.Member(weight: 10 + 5 * ($0 % 3)) }
    let loop = makePickLoop(choice.makeAlgorithm(servers: members), keys: keys())
    _ = loop.run(picks: 2 * servers)
    return loop
  }
}
