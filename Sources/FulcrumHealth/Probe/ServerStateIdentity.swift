/// The fixed part of a server's `X-Haproxy-Server-State` line (see ``ServerStateHeader``),
/// from the configuration. Immutable value; any thread.
public struct ServerStateIdentity: Sendable, Equatable {
  /// The server's address as configured (resolved), or `unix`.
  public var address: String
  /// Its port (HAProxy's `svc_port`): `0` without one, the offset of a relative one, empty for
  /// a UNIX socket.
  public var port: String
  /// `backend/server`.
  public var name: String
  /// The global `node`, else the host's name.
  public var node: String

  public init(address: String, port: String, name: String, node: String) {
    self.address = address
    self.port = port
    self.name = name
    self.node = node
  }
}
