/// The `X-Haproxy-Server-State` field `http-check send-state` adds to each HTTP check request,
/// as HAProxy 2.6 writes it: how the proxy sees the server (`UP 2/3`), where it is, its weight
/// against the backend's, and the sessions on it and queued for it. Built by the server's
/// check task on its loop just before the check starts; pure.
public struct ServerStateHeader: Sendable, Equatable {
  /// `UP`, `UP 2/3` (going down), `DOWN`, `DOWN 1/2` (going up), `NOLB`, `NOLB 2/3`.
  public var status: String
  /// The server's address as configured (resolved), or `unix`.
  public var address: String
  /// Its port, empty for a UNIX socket.
  public var port: String
  /// `backend/server`.
  public var name: String
  /// The global `node`, else the host's name.
  public var node: String
  public var figures: ServerLoadFigures

  public init(status: String, address: String, port: String, name: String, node: String, figures: ServerLoadFigures) {
    self.status = status
    self.address = address
    self.port = port
    self.name = name
    self.node = node
    self.figures = figures
  }

  /// The field's value: `UP; address=10.0.0.1; port=80; name=be/s1; node=lb1; weight=1/2;
  /// scur=0/3; qcur=0`, with `; throttle=N%` while the server warms up (`slowstart`).
  public var value: String {
    var text = "\(status); address=\(address); port=\(port); name=\(name); node=\(node)"
    text += "; weight=\(figures.weight)/\(figures.totalWeight)"
    text += "; scur=\(figures.sessions)/\(figures.backendSessions); qcur=\(figures.queued)"
    if let warmup = figures.warmup { text += "; throttle=\(max(1, warmup))%" }
    return text
  }

  /// The header line, name in lower case as HAProxy's HTTP/1 output writes it.
  public var line: [UInt8] { Array("x-haproxy-server-state: \(value)\r\n".utf8) }
}

/// What the load balancer knows of a server's load when a check with `send-state` starts.
public struct ServerLoadFigures: Sendable, Equatable {
  /// Sessions on the server now (HAProxy's `scur`).
  public var sessions: Int
  /// Sessions of the whole backend being served (its connections less those queued).
  public var backendSessions: Int
  /// Sessions waiting in the server's own queue.
  public var queued: Int
  /// The server's effective weight, in configured units.
  public var weight: Int
  /// The total effective weight of the servers taking traffic.
  public var totalWeight: Int
  /// Percent through `slowstart` while the server warms up; nil otherwise.
  public var warmup: Int?

  public init(
    sessions: Int = 0, backendSessions: Int = 0, queued: Int = 0, weight: Int = 0, totalWeight: Int = 0,
    warmup: Int? = nil
  ) {
    self.sessions = sessions
    self.backendSessions = backendSessions
    self.queued = queued
    self.weight = weight
    self.totalWeight = totalWeight
    self.warmup = warmup
  }
}
