/// `balance <algorithm> [arguments]` as written; the balancing milestone turns it into an
/// algorithm instance.
public enum BalanceAlgorithm: Sendable, Equatable {
  case roundRobin
  case staticRoundRobin
  case leastConnections
  case first
  case source
  case uri(URIOptions)
  case urlParameter(name: String, checkPost: Int?)
  case header(name: String, useDomainOnly: Bool)
  case random(draws: Int)
  case rdpCookie(name: String)
  case hash(expression: String)

  /// Options of `balance uri`.
  public struct URIOptions: Sendable, Equatable {
    public var whole = false
    public var length: Int?
    public var depth: Int?
    public var pathOnly = false
    public init() {}
  }

  /// The keyword as written in `balance`.
  public var name: String {
    switch self {
    case .roundRobin: "roundrobin"
    case .staticRoundRobin: "static-rr"
    case .leastConnections: "leastconn"
    case .first: "first"
    case .source: "source"
    case .uri: "uri"
    case .urlParameter: "url_param"
    case .header: "hdr"
    case .random: "random"
    case .rdpCookie: "rdp-cookie"
    case .hash: "hash"
    }
  }
}

/// `hash-type map-based|consistent [function] [avalanche]`.
public struct HashType: Sendable, Equatable {
  public enum Method: String, Sendable { case mapBased = "map-based", consistent }
  public enum Function: String, Sendable { case sdbm, djb2, wt6, crc32, none }

  public var method: Method = .mapBased
  /// Nil when not written: sdbm, with the avalanche modifier for `consistent` (HAProxy's
  /// default, which the balancing module applies).
  public var function: Function?
  public var avalanche = false

  public init() {}
}
