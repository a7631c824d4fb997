import FulcrumCore
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProxyHeader.Addresses {
  /// The addresses to announce for a connection from `client` to `local`, as HAProxy's
  /// `send-proxy` chooses them: TCP4 when both are IPv4, TCP6 when either is IPv6 (an IPv4 one
  /// written as `::ffff:a.b.c.d`), unknown when either is missing or a UNIX socket.
  public init(client: SocketAddress?, local: SocketAddress?) {
    switch (client, local) {
    case (.v4(let source), .v4(let destination)):
      self = .tcp4(
        source: IPv4Address(UInt32(bigEndian: source.address.sin_addr.s_addr)),
        destination: IPv4Address(UInt32(bigEndian: destination.address.sin_addr.s_addr)),
        sourcePort: UInt16(bigEndian: source.address.sin_port),
        destinationPort: UInt16(bigEndian: destination.address.sin_port))
    default:
      guard let (source, sourcePort) = Self.ipv6(client), let (destination, destinationPort) = Self.ipv6(local) else {
        self = .unknown
        return
      }
      self = .tcp6(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
    }
  }

  /// An IP socket address as IPv6 (IPv4 mapped) and its port.
  private static func ipv6(_ address: SocketAddress?) -> (IPv6Address, UInt16)? {
    switch address {
    case .v4(let ipv4):
      let value = UInt64(UInt32(bigEndian: ipv4.address.sin_addr.s_addr))
      return (IPv6Address(high: 0, low: 0xFFFF_0000_0000 | value), UInt16(bigEndian: ipv4.address.sin_port))
    case .v6(let ipv6):
      var raw = ipv6.address.sin6_addr
      let halves = withUnsafeBytes(of: &raw) { bytes in
        (0..<16).reduce((UInt64(0), UInt64(0))) { halves, index in
          index < 8
            ? (halves.0 << 8 | UInt64(bytes[index]), halves.1) : (halves.0, halves.1 << 8 | UInt64(bytes[index]))
        }
      }
      return (IPv6Address(high: halves.0, low: halves.1), UInt16(bigEndian: ipv6.address.sin6_port))
    default:
      return nil
    }
  }

  /// The client's and the local socket addresses the header states; nil for `.unknown`.
  public var socketAddresses: (client: SocketAddress, local: SocketAddress)? {
    switch self {
    case .unknown:
      return nil
    case .tcp4(let source, let destination, let sourcePort, let destinationPort):
      return (Self.socketAddress(source, port: sourcePort), Self.socketAddress(destination, port: destinationPort))
    case .tcp6(let source, let destination, let sourcePort, let destinationPort):
      return (Self.socketAddress(source, port: sourcePort), Self.socketAddress(destination, port: destinationPort))
    }
  }

  private static func socketAddress(_ address: IPv4Address, port: UInt16) -> SocketAddress {
    var raw = sockaddr_in()
    raw.sin_family = sa_family_t(NIOBSDSocket.AddressFamily.inet.rawValue)
    raw.sin_port = port.bigEndian
    raw.sin_addr.s_addr = address.value.bigEndian
    return SocketAddress(raw, host: "")
  }

  private static func socketAddress(_ address: IPv6Address, port: UInt16) -> SocketAddress {
    var raw = sockaddr_in6()
    raw.sin6_family = sa_family_t(NIOBSDSocket.AddressFamily.inet6.rawValue)
    raw.sin6_port = port.bigEndian
    withUnsafeMutableBytes(of: &raw.sin6_addr) { bytes in
      for index in 0..<8 {
        bytes[index] = UInt8(truncatingIfNeeded: address.high >> UInt64(56 - 8 * index))
        bytes[index + 8] = UInt8(truncatingIfNeeded: address.low >> UInt64(56 - 8 * index))
      }
    }
    return SocketAddress(raw, host: "")
  }
}
