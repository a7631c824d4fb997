import NIOCore

/// Where a TCP session may connect and how patiently: the backend's servers, timeouts and
/// retry policy, compiled once from the configuration. Immutable; shared by every session of
/// a frontend on every loop.
public struct TCPSessionSettings: Sendable {
  public var servers: [UpstreamServer]
  public var connectTimeout: TimeAmount
  /// Session inactivity in both directions after which it is closed (`timeout tunnel`, else
  /// the smaller of `timeout client` and `timeout server`); `nil` for none.
  public var idleTimeout: TimeAmount?
  public var retries: Int
  public var redispatchInterval: Int?

  public init(
    servers: [UpstreamServer], connectTimeout: TimeAmount, idleTimeout: TimeAmount?, retries: Int,
    redispatchInterval: Int?
  ) {
    self.servers = servers
    self.connectTimeout = connectTimeout
    self.idleTimeout = idleTimeout
    self.retries = retries
    self.redispatchInterval = redispatchInterval
  }
}

/// A server the data plane can connect to: its name (for logs) and socket address.
public struct UpstreamServer: Sendable, Equatable {
  public var name: String
  public var address: SocketAddress

  public init(name: String, address: SocketAddress) {
    self.name = name
    self.address = address
  }
}
