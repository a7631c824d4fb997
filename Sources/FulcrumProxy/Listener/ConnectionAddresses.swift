import NIOCore

/// Where a client connection comes from and where it arrived: the socket's own peer and local
/// addresses, or the ones a PROXY protocol header announced on an `accept-proxy` listener.
/// Used for `balance source` and what `send-proxy` passes on. Immutable value, built once per
/// connection on its event loop.
public struct ConnectionAddresses: Sendable {
  public var client: SocketAddress?
  public var local: SocketAddress?

  public init(client: SocketAddress?, local: SocketAddress?) {
    self.client = client
    self.local = local
  }

  /// The socket's own peer and local addresses.
  public init(channel: any Channel) {
    self.init(client: channel.remoteAddress, local: channel.localAddress)
  }
}
