/// The hash-based `balance` algorithms, `source`, `uri`, `url_param`, `hdr(NAME)` and
/// `rdp-cookie`: a key from the connection or request is hashed with the `hash-type` function
/// and designates a server through the server map (`map-based`: hash modulo the total weight;
/// static weights) or the consistent-hash ring (`consistent`: only a changed server's keys move;
/// dynamic weights, slowstart, `hash-balance-factor`). Without a key the algorithm falls back to
/// round robin over the same map or ring, as HAProxy does. Value type, confined to one loop;
/// `pick` hashes the key once, looks up in O(1) (map) or O(log points) (ring), and never
/// allocates.
public struct HashBalancer: LoadBalancingAlgorithm {
  public internal(set) var pool: ServerPool
  /// What is hashed.
  public let key: HashKey
  /// `hash-type` and `hash-balance-factor`.
  public let settings: HashSettings
  private var map: ServerMap
  private var ring: ConsistentHashRing

  /// A hash balancer over `servers` in declaration order.
  public init(
    key: HashKey, settings: HashSettings = HashSettings(), servers: [ServerPool.Member], allBackups: Bool = false,
    fullConnections: Int = 0
  ) {
    self.key = key
    self.settings = settings
    pool = ServerPool(
      members: servers, weighting: settings.weighting, allBackups: allBackups, fullConnections: fullConnections)
    let empty = ServerPool(members: [], weighting: settings.weighting)
    let consistent = settings.method == .consistent
    map = ServerMap(pool: consistent ? empty : pool)
    ring = ConsistentHashRing(pool: consistent ? pool : empty)
  }

  public var input: BalancingInput { key.input }

  /// Picks the server `key` designates: `key` holds the bytes `input` asks for; empty means
  /// absent (round robin then applies).
  public mutating func pick(key input: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    guard pool.totalWeight > 0 else { return nil }
    let hash: UInt32?
    if key.isSkippedForSingleServer && pool.serversInUse == 1 {
      hash = 0
    } else {
      hash = key.hash(input, settings: settings)
    }
    return pick(hash: hash, avoiding: avoiding, load: load)
  }

  /// Picks the server for a key value extracted elsewhere, hashed with the `hash-type` function:
  /// the `check_post` body parameter of `url_param` (see `URLParameterKey.valueRange(inBody:)`),
  /// and the result of `balance hash <expression>` once sample expressions exist. An empty value
  /// still hashes; use `pick(key:…)` with an empty key for round robin.
  public mutating func pick(hashing value: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    guard pool.totalWeight > 0 else { return nil }
    return pick(hash: settings.hash(value), avoiding: avoiding, load: load)
  }

  private mutating func pick(hash: UInt32?, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex? {
    switch settings.method {
    case .mapBased:
      if let hash, let server = map.server(forHash: hash) { return server }
      return map.nextInTurn(avoiding: avoiding, pool: pool, load: load)
    case .consistent:
      if let hash,
        let server = ring.server(
          forHash: hash, avoiding: avoiding, balanceFactor: settings.balanceFactor, pool: pool, load: load)
      {
        return server
      }
      return ring.nextInTurn(avoiding: avoiding, pool: pool, load: load)
    }
  }
}

extension HashBalancer: PoolDriven {
  public mutating func serverWentDown(_ server: ServerIndex) { forwardServerWentDown(server) }

  public mutating func serverWentUp(_ server: ServerIndex, at now: Duration) { forwardServerWentUp(server, at: now) }

  public mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError) {
    try forwardSetWeight(weight, of: server)
  }

  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    pool.setConnectionLimit(maxConnections, of: server)
  }

  public mutating func advanceClock(to now: Duration) { forwardAdvanceClock(to: now) }

  mutating func apply(_ transition: ServerPool.Transition) {
    switch settings.method {
    case .mapBased: map.rebuild(pool)
    case .consistent: ring.apply(transition)
    }
  }
}
