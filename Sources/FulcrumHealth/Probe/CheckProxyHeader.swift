import NIOCore

/// The PROXY protocol header a server's check connections start with, as HAProxy 2.6 sends it:
/// version 1 announces the check connection's own addresses (`PROXY TCP4 <check source>
/// <server> <source port> <server port>`), version 2 is a `LOCAL` header without addresses
/// (the connection is the proxy's own). Connects that use the server's settings (the implicit
/// one, `connect default`) send it with `check-send-proxy`, or with the server's `send-proxy`
/// or `send-proxy-v2` when neither `port` nor `addr` moves the check; a `tcp-check connect
/// send-proxy` rule always sends it. The version is 2 when the server has `send-proxy-v2`.
///
/// The bytes come from `encode`, which the runtime supplies: the PROXY protocol encoder lives
/// in the proxy target, on the same layer as this one. Immutable; any thread.
public struct CheckProxyHeader: Sendable {
  public enum Version: Sendable, Equatable {
    case v1
    case v2
  }

  /// Writes a header of `version` for a connection from `source` to `destination` (both nil:
  /// no address to announce).
  public typealias Encoder =
    @Sendable (_ version: Version, _ source: SocketAddress?, _ destination: SocketAddress?) -> ByteBuffer

  public var version: Version
  /// Whether the connects that use the server's settings send it.
  public var onServerConnects: Bool
  /// Global `pp2-never-send-local`: version 2 announces the check connection's addresses with
  /// a `PROXY` command, as HAProxy did up to 2.1, for servers that cannot take `LOCAL`.
  public var neverLocal: Bool
  public var encode: Encoder

  public init(version: Version, onServerConnects: Bool, neverLocal: Bool = false, encode: @escaping Encoder) {
    self.version = version
    self.onServerConnects = onServerConnects
    self.neverLocal = neverLocal
    self.encode = encode
  }

  /// Whether `connect` starts with the header.
  func applies(to connect: CheckConnect) -> Bool {
    connect.sendProxy || (connect.usesServerSettings && onServerConnects)
  }

  /// The header for a check connection from `local` to `remote`.
  func bytes(local: SocketAddress?, remote: SocketAddress?) -> ByteBuffer {
    switch version {
    case .v1: encode(.v1, local, remote)
    case .v2: neverLocal ? encode(.v2, local, remote) : encode(.v2, nil, nil)
    }
  }
}
