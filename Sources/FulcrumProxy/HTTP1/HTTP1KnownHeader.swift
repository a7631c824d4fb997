/// The header fields the parser interprets for framing, routing or hop-by-hop handling; every
/// other name is `.other`. Names compare without regard to ASCII case (RFC 9110 §5.1). Value;
/// any thread.
public enum HTTP1KnownHeader: UInt8, Hashable, Sendable, CaseIterable {
  case other
  case host
  case contentLength
  case transferEncoding
  case connection
  case proxyConnection
  case keepAlive
  case upgrade
  case expect
  case te
  case trailer

  /// Whether a proxy removes the field before forwarding (RFC 9110 §7.6.1, plus the
  /// `Proxy-Connection` and `Keep-Alive` of older clients; `Trailer` describes the message and
  /// stays). `Upgrade` goes too unless the connection is being upgraded. Fields the `Connection`
  /// header names are removed as well. ``HTTP1HeadRewriter`` and ``HTTPConnectionHeader`` use it.
  public var isHopByHop: Bool {
    switch self {
    case .connection, .proxyConnection, .keepAlive, .upgrade, .te: true
    default: false
    }
  }
}
