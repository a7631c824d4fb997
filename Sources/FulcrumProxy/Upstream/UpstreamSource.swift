import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `source ADDR[:PORT] [interface NAME]`: the local address a server connection's socket is
/// bound to before it connects, and the interface it must leave through. As HAProxy 2.6:
/// `SO_REUSEADDR` on the socket, and without a port `IP_BIND_ADDRESS_NO_PORT`, so the kernel
/// picks the port at connect time and the same port serves connections to different servers.
/// Immutable value; any thread.
public struct UpstreamSource: Sendable, Equatable {
  /// The address and port to bind (port 0: chosen by the kernel).
  public var address: SocketAddress
  /// `interface NAME` (`SO_BINDTODEVICE`; at most 15 bytes).
  public var interface: String?

  public init(address: SocketAddress, interface: String? = nil) {
    self.address = address
    self.interface = interface
  }

  /// The longest interface name the kernel takes (`IFNAMSIZ` less its terminating zero).
  public static let maximumInterfaceNameBytes = 15

  /// Sets the socket options binding needs, on `channel`'s loop before it is registered (from
  /// a channel initializer).
  func prepare(_ channel: any Channel) throws {
    guard let options = channel.syncOptions else { return }
    try options.setOption(.socketOption(.so_reuseaddr), value: 1)
    #if os(Linux)
    if address.port == 0 {
      try options.setOption(
        ChannelOptions.Types.SocketOption(
          level: .ip, name: NIOBSDSocket.Option(rawValue: CInt(IP_BIND_ADDRESS_NO_PORT))),
        value: 1)
    }
    #endif
  }

  /// Binds `channel`, after `SO_BINDTODEVICE` when an interface is named.
  func bind(_ channel: any Channel) -> EventLoopFuture<Void> {
    let address = address
    #if os(Linux)
    if let interface {
      guard let provider = channel as? any SocketOptionProvider else {
        return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
      }
      var name: (UInt64, UInt64) = (0, 0)
      withUnsafeMutableBytes(of: &name) { bytes in
        for (offset, byte) in interface.utf8.prefix(Self.maximumInterfaceNameBytes).enumerated() {
          bytes[offset] = byte
        }
      }
      return provider.unsafeSetSocketOption(
        level: .socket, name: NIOBSDSocket.Option(rawValue: CInt(SO_BINDTODEVICE)), value: name
      ).flatMap { channel.bind(to: address) }
    }
    #endif
    return channel.bind(to: address)
  }
}
