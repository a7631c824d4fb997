/// The `X-Haproxy-Server-State` field `http-check send-state` adds to each HTTP check request,
/// as HAProxy 2.6 writes it: how the proxy sees the server (`UP 2/3`), where it is, its weight
/// against the backend's, and the sessions on it and queued for it. Built by the server's
/// check task on its loop just before the check starts; pure.
public struct ServerStateHeader: Sendable, Equatable {
  /// `UP`, `UP 2/3` (going down), `DOWN`, `DOWN 1/2` (going up), `NOLB`, `NOLB 2/3`.
  public var status: String
  /// Where the server is and who names it.
  public var identity: ServerStateIdentity
  public var figures: ServerLoadFigures

  public init(status: String, identity: ServerStateIdentity, figures: ServerLoadFigures) {
    self.status = status
    self.identity = identity
    self.figures = figures
  }

  /// The field's value: `UP; address=10.0.0.1; port=80; name=be/s1; node=lb1; weight=1/2;
  /// scur=0/3; qcur=0`, with `; throttle=N%` while the server warms up (`slowstart`).
  public var value: String {
    var text = "\(status); address=\(identity.address); port=\(identity.port); name=\(identity.name)"
    text += "; node=\(identity.node)"
    text += "; weight=\(figures.weight)/\(figures.totalWeight)"
    text += "; scur=\(figures.sessions)/\(figures.backendSessions); qcur=\(figures.queued)"
    if let warmup = figures.warmup { text += "; throttle=\(max(1, warmup))%" }
    return text
  }

  /// The header line, name in lower case as HAProxy's HTTP/1 output writes it.
  public var line: [UInt8] { Array("x-haproxy-server-state: \(value)\r\n".utf8) }
}
