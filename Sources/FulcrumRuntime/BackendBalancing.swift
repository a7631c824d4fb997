import FulcrumBalancing
import FulcrumConfig

/// How one backend balances its sessions, in the balancing module's plain values: the
/// algorithm, the servers in declaration order (the same order as `TCPSessionSettings.servers`,
/// so a `ServerIndex` is a server's index there), `hash-type`, `hash-balance-factor` and
/// `option allbackups`. Built from the configuration by `ServingPlan`; immutable; any thread.
/// Each event loop makes its own algorithm from it.
public struct BackendBalancing: Sendable {
  public var choice: AlgorithmChoice
  public var members: [ServerPool.Member]
  public var hash: HashSettings
  public var allBackups: Bool
  /// `fullconn`, or HAProxy's default for it (10% of the `maxconn` of the frontends using the
  /// backend, set by `ServingPlan`); it matters only to servers with `minconn`.
  public var fullConnections: Int
  /// `option redispatch`: sessions queued on a server that goes down choose another.
  public var redispatch: Bool

  public init(
    choice: AlgorithmChoice, members: [ServerPool.Member], hash: HashSettings, allBackups: Bool,
    fullConnections: Int = 0, redispatch: Bool = false
  ) {
    self.choice = choice
    self.members = members
    self.hash = hash
    self.allBackups = allBackups
    self.fullConnections = fullConnections
    self.redispatch = redispatch
  }

  /// A fresh algorithm over the servers, all idle, for one event loop.
  public func makeAlgorithm() -> any LoadBalancingAlgorithm {
    choice.makeAlgorithm(servers: members, hash: hash, allBackups: allBackups, fullConnections: fullConnections)
  }

  /// The backend's slots and queues, shared by every loop: the servers' session counts (which
  /// `leastconn`, `hash-balance-factor` and the health side read) and, for servers with a
  /// `maxconn`, their limits and queues.
  func makeQueue() -> BackendQueue {
    let limits = BackendQueue.Limits(
      maxConnections: members.map(\.maxConnections), minConnections: members.map(\.minConnections),
      maxQueue: members.map(\.maxQueue), fullConnections: fullConnections, isBackup: members.map(\.isBackup),
      redispatch: redispatch)
    return BackendQueue(limits: limits, initiallyUsable: members.map { $0.isInitiallyUp && $0.weight > 0 })
  }

  /// The balancing of `backend` in `mode tcp`. Refuses the algorithms that need an HTTP
  /// request or the payload, naming the backend and the line.
  static func tcp(_ backend: Proxy) throws(RuntimeError) -> BackendBalancing {
    BackendBalancing(
      choice: try tcpChoice(backend), members: backend.servers.map(member), hash: hashSettings(backend),
      allBackups: backend.flags.contains(.allBackups), fullConnections: backend.fullconn ?? 0,
      redispatch: (backend.redispatch ?? 0) != 0)
  }

  /// The balancing of a `mode http` backend: also the algorithms that hash part of the request.
  static func http(_ backend: Proxy) throws(RuntimeError) -> BackendBalancing {
    BackendBalancing(
      choice: try httpChoice(backend), members: backend.servers.map(member), hash: hashSettings(backend),
      allBackups: backend.flags.contains(.allBackups), fullConnections: backend.fullconn ?? 0,
      redispatch: (backend.redispatch ?? 0) != 0)
  }

  static func httpChoice(_ backend: Proxy) throws(RuntimeError) -> AlgorithmChoice {
    switch backend.balance ?? .roundRobin {
    case .uri(let options):
      return .hash(
        .uri(URIKey(whole: options.whole, length: options.length, depth: options.depth, pathOnly: options.pathOnly)))
    case .urlParameter(let name, _):
      // With `check_post`, the session finds a POST body's value (`HTTPBodyParameter`).
      return .hash(.urlParameter(URLParameterKey(name: name)))
    case .header(let name, let useDomainOnly):
      return .hash(.header(name: name, HeaderKey(useDomainOnly: useDomainOnly)))
    default:
      return try tcpChoice(backend)
    }
  }

  /// `balance` for a `mode tcp` backend; roundrobin when absent, as in HAProxy 2.6.
  static func tcpChoice(_ backend: Proxy) throws(RuntimeError) -> AlgorithmChoice {
    let algorithm = backend.balance ?? .roundRobin
    switch algorithm {
    case .roundRobin: return .roundRobin
    case .staticRoundRobin: return .staticRoundRobin
    case .leastConnections: return .leastConnections
    case .first: return .first
    case .source: return .hash(.sourceAddress)
    case .random(let draws): return .random(draws: draws)
    case .uri, .urlParameter, .header:
      throw RuntimeError(
        "backend '\(backend.name)': 'balance \(algorithm.name)'\(lineNote(backend)) hashes a part of the HTTP request, which a 'mode tcp' backend does not parse. HAProxy would silently fall back to round robin; Fulcrum refuses instead so the configuration says what it does: use 'balance roundrobin', 'leastconn', 'source' or 'random', or 'mode http' once it is served"
      )
    case .rdpCookie:
      throw RuntimeError(
        "backend '\(backend.name)': 'balance rdp-cookie'\(lineNote(backend)) needs the client's first payload inspected ('tcp-request content' rules), which this build does not do yet. HAProxy would fall back to round robin without the cookie; Fulcrum refuses instead: use 'balance source' to keep a client on one server, or 'roundrobin', 'leastconn' or 'random'"
      )
    case .hash:
      throw RuntimeError(
        "backend '\(backend.name)': 'balance hash <expression>'\(lineNote(backend)) needs sample expressions, which are not evaluated yet: use 'balance source' to hash the client's address, or 'roundrobin', 'leastconn' or 'random'"
      )
    }
  }

  /// Where the `balance` line is, when the model knows.
  private static func lineNote(_ backend: Proxy) -> String {
    backend.balanceLocation.map { " (\($0))" } ?? ""
  }

  /// `hash-type` and `hash-balance-factor`.
  static func hashSettings(_ backend: Proxy) -> HashSettings {
    let type = backend.hashType
    let method: HashSettings.Method = type.method == .consistent ? .consistent : .mapBased
    return HashSettings(
      method: method, function: type.function.flatMap { HashFunction(rawValue: $0.rawValue) },
      avalanche: type.avalanche, balanceFactor: backend.hashBalanceFactor ?? 0)
  }

  /// A `server` line as the pool sees it.
  static func member(_ server: Server) -> ServerPool.Member {
    let options = server.options
    return ServerPool.Member(
      weight: options.weight ?? 1, isBackup: options.backup, identifier: options.identifier,
      maxConnections: options.maxconn ?? 0, minConnections: options.minconn ?? 0, maxQueue: options.maxqueue ?? 0,
      slowstart: .milliseconds(Int64(options.slowstart?.milliseconds ?? 0)), isInitiallyUp: !options.disabled)
  }
}
