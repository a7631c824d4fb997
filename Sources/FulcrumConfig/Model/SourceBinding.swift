import FulcrumCore

/// `source ADDR[:PORT] [interface NAME]`, on a backend or a server line: the address (and
/// port) each connection to a server is bound to before it connects, and the network
/// interface it must leave through. Immutable value; any thread.
public struct SourceBinding: Sendable, Equatable {
  public var address: IPAddress
  /// `nil`: the kernel chooses the port when the connection is made.
  public var port: UInt16?
  /// `interface NAME` (`SO_BINDTODEVICE`).
  public var interface: String?

  public init(address: IPAddress, port: UInt16? = nil, interface: String? = nil) {
    self.address = address
    self.port = port
    self.interface = interface
  }
}
