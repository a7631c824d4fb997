import FulcrumCore

/// What a PROXY protocol header (HAProxy's `doc/proxy-protocol.txt`) says about a relayed
/// connection: which version carried it and the original endpoints, or that the receiver must
/// keep the socket's own addresses. Immutable value; any thread.
public struct ProxyHeader: Hashable, Sendable {
  /// The two wire formats: version 1 is one line of text, version 2 a binary block.
  public enum Version: UInt8, Hashable, Sendable, CaseIterable {
    case v1 = 1
    case v2 = 2
  }

  /// The original connection's endpoints as the header states them.
  public enum Addresses: Hashable, Sendable {
    /// Version 1 `UNKNOWN`, version 2 `LOCAL`, or a version 2 family other than TCP over IPv4
    /// or IPv6 (UNIX sockets, UDP, `UNSPEC`): the socket's own addresses stand.
    case unknown
    /// TCP over IPv4 (`TCP4`, family byte `0x11`).
    case tcp4(source: IPv4Address, destination: IPv4Address, sourcePort: UInt16, destinationPort: UInt16)
    /// TCP over IPv6 (`TCP6`, family byte `0x21`).
    case tcp6(source: IPv6Address, destination: IPv6Address, sourcePort: UInt16, destinationPort: UInt16)
  }

  public var version: Version
  public var addresses: Addresses

  public init(version: Version, addresses: Addresses) {
    self.version = version
    self.addresses = addresses
  }

  /// The longest version 1 line, CRLF included (`PROXY UNKNOWN` with two full IPv6 addresses).
  public static let maximumVersion1Length = 107
  /// The fixed part of a version 2 header: signature, version and command, family, length.
  public static let version2FixedLength = 16
  /// The twelve bytes every version 2 header starts with.
  public static let version2Signature: [UInt8] = [
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
  ]
  /// `PROXY `, which every version 1 line starts with.
  static let version1Prefix: [UInt8] = Array("PROXY ".utf8)
}
