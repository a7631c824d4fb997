import FulcrumCore
import NIOCore

/// What `option forwardfor [except NET] [header NAME] [if-none]` and `option originalto [except
/// NET] [header NAME]` add to every request forwarded to a server: the client's address, and the
/// address it connected to, each as a new field line appended at the end of the head (never
/// merged into an existing field), forwardfor first, as HAProxy 2.6 does. Built once per proxy at
/// load; immutable, read from any event loop.
///
/// A connection calls ``lines(client:local:)`` once, when it is accepted, and reuses the result
/// for each of its requests. Field names are written as configured (`X-Forwarded-For` by
/// default); HAProxy lower-cases every name it forwards, Fulcrum keeps the bytes it is given.
public struct HTTPForwardingHeaders: Sendable {
  /// One of the two options.
  public struct Option: Sendable, Hashable {
    /// The field name to write.
    public var name: String
    /// Clients (forwardfor) or local addresses (originalto) in any of these networks get no field
    /// (one `except` per proxy; a frontend's and its backend's both apply).
    public var except: [IPNetwork]
    /// `if-none` (forwardfor only): add nothing when the request already has a field of this name.
    public var ifNone: Bool

    public init(name: String, except: [IPNetwork] = [], ifNone: Bool = false) {
      self.name = name
      self.except = except
      self.ifNone = ifNone
    }
  }

  public var forwardFor: Option?
  public var originalTo: Option?

  public init(forwardFor: Option? = nil, originalTo: Option? = nil) {
    self.forwardFor = forwardFor
    self.originalTo = originalTo
  }

  /// Whether either option is set.
  public var isEmpty: Bool { forwardFor == nil && originalTo == nil }

  /// The field lines for one connection, from its client (`remoteAddress`) and local
  /// (`localAddress`) addresses. A UNIX-socket or unknown address gets no field.
  public func lines(client: SocketAddress?, local: SocketAddress?) -> HTTPForwardingLines {
    let forward = forwardFor.flatMap { Self.line($0, for: client) }
    let original = originalTo.flatMap { Self.line($0, for: local) }
    return HTTPForwardingLines(
      forwardFor: forward, originalTo: original,
      ifNoneName: forwardFor?.ifNone == true ? forwardFor.map { Array($0.name.lowercased().utf8) } : nil)
  }

  /// `name: address\r\n`, or nil when the address is excluded or not an IP address.
  static func line(_ option: Option, for socketAddress: SocketAddress?) -> [UInt8]? {
    guard let address = ipAddress(socketAddress) else { return nil }
    if option.except.contains(where: { $0.contains(address) }) { return nil }
    return Array("\(option.name): \(address)\r\n".utf8)
  }

  /// The IP address of a socket address; an IPv4 client of an IPv6 listener keeps its mapped form
  /// (`::ffff:a.b.c.d`), as in HAProxy.
  static func ipAddress(_ socketAddress: SocketAddress?) -> IPAddress? {
    switch socketAddress {
    case .v4(let ipv4):
      return .v4(IPv4Address(UInt32(bigEndian: ipv4.address.sin_addr.s_addr)))
    case .v6(let ipv6):
      var raw = ipv6.address.sin6_addr
      let bytes = withUnsafeBytes(of: &raw) { Array($0) }
      return IPv6Address(bytes: bytes).map { .v6($0) }
    default:
      return nil
    }
  }
}
