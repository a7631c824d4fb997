import NIOCore

/// Where one check connects and how long it may take: the check address (the server's, or
/// `addr`/`port`, or the agent's), and HAProxy's bounds. Without `timeout check` the whole check
/// must end within `inter`; with it, the connect must end within the smaller of `timeout
/// connect` and `inter`, and the exchange within `timeout check` once connected. Immutable;
/// any thread.
public struct CheckTarget: Sendable {
  public var address: SocketAddress
  /// The bound from the start of the check until the connection is established (and until
  /// the end of the check when `exchangeBound` is nil).
  public var connectBound: TimeAmount
  /// `timeout check`: the bound from the connection on.
  public var exchangeBound: TimeAmount?
  /// `tune.bufsize`: the most bytes a check keeps of a response.
  public var bufferLimit: Int
  /// The PROXY protocol header the check's connections start with, if any.
  public var proxyHeader: CheckProxyHeader?

  public init(address: SocketAddress, connectBound: TimeAmount, exchangeBound: TimeAmount?, bufferLimit: Int) {
    self.address = address
    self.connectBound = connectBound
    self.exchangeBound = exchangeBound
    self.bufferLimit = bufferLimit
  }

  /// The address a connect step goes to: this one, with its `addr` and `port` overrides.
  func address(for connect: CheckConnect) throws -> SocketAddress {
    guard connect.address != nil || connect.port != nil else { return address }
    guard let port = connect.port ?? address.port else {
      throw CheckTargetError("a port is needed to connect to '\(connect.address ?? "")'")
    }
    if let host = connect.address {
      return try SocketAddress(ipAddress: host, port: port)
    }
    guard let ip = address.ipAddress else { throw CheckTargetError("'port' needs an IP server address") }
    return try SocketAddress(ipAddress: ip, port: port)
  }
}

/// A check address that cannot be built (e.g. a port on a UNIX socket server).
struct CheckTargetError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
