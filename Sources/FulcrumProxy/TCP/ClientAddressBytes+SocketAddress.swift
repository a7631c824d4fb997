import FulcrumCore
import NIOCore

extension ClientAddressBytes {
  /// The IP bytes of a client's socket address, without allocating: 4 for IPv4, 16 for IPv6
  /// (an IPv4 client of an IPv6 listener keeps its `::ffff:a.b.c.d` form, as in HAProxy), none
  /// for a UNIX socket or an unknown address.
  public init(_ address: SocketAddress?) {
    switch address {
    case .v4(let ipv4):
      self.init(ipv4: UInt32(bigEndian: ipv4.address.sin_addr.s_addr))
    case .v6(let ipv6):
      var raw = ipv6.address.sin6_addr
      self = withUnsafeBytes(of: &raw) { bytes in ClientAddressBytes(ipv6: { bytes[$0] }) }
    default:
      self.init()
    }
  }
}
