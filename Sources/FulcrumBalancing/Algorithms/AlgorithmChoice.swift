/// A `balance` line in plain values, which the runtime builds from the configuration model and
/// turns into an algorithm with `makeAlgorithm`. Immutable value; any thread.
public enum AlgorithmChoice: Sendable, Equatable {
  case roundRobin
  case staticRoundRobin
  case leastConnections
  case first
  /// `source`, `uri`, `url_param`, `hdr(NAME)`, `rdp-cookie(NAME)`, with `hash-type`.
  case hash(HashKey)
  /// `random(draws)`.
  case random(draws: Int)

  /// The algorithm for `servers` (declaration order). `hash` supplies `hash-type` for the hash
  /// algorithms and `hash-balance-factor` for them and `random`.
  public func makeAlgorithm(
    servers: [ServerPool.Member], hash: HashSettings = HashSettings(), allBackups: Bool = false,
    fullConnections: Int = 0, generator: Xoshiro256 = Xoshiro256()
  ) -> any LoadBalancingAlgorithm {
    switch self {
    case .roundRobin:
      RoundRobin(servers: servers, allBackups: allBackups, fullConnections: fullConnections)
    case .staticRoundRobin:
      StaticRoundRobin(servers: servers, allBackups: allBackups, fullConnections: fullConnections)
    case .leastConnections:
      LeastConnections(servers: servers, allBackups: allBackups, fullConnections: fullConnections)
    case .first:
      FirstAvailable(servers: servers, allBackups: allBackups, fullConnections: fullConnections)
    case .hash(let key):
      HashBalancer(
        key: key, settings: hash, servers: servers, allBackups: allBackups, fullConnections: fullConnections)
    case .random(let draws):
      RandomBalancer(
        draws: draws, balanceFactor: hash.balanceFactor, servers: servers, allBackups: allBackups,
        fullConnections: fullConnections, generator: generator)
    }
  }
}
