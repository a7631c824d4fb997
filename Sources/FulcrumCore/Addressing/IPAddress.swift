/// An IPv4 or IPv6 address, as written after a `bind` or `server` keyword once any host name
/// has been resolved. Immutable value; used on any thread.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
  case v4(IPv4Address)
  case v6(IPv6Address)

  /// Reads an IPv4 dotted quad or an IPv6 literal (without brackets); nil for anything else,
  /// including host names.
  public init?(_ text: String) {
    if let v4 = IPv4Address(text) {
      self = .v4(v4)
    } else if let v6 = IPv6Address(text) {
      self = .v6(v6)
    } else {
      return nil
    }
  }

  /// The "any" address of `family`: `0.0.0.0` or `::`.
  public static func any(_ family: IPFamily) -> IPAddress {
    switch family {
    case .ipv4: .v4(.any)
    case .ipv6: .v6(.any)
    }
  }

  public var family: IPFamily {
    switch self {
    case .v4: .ipv4
    case .v6: .ipv6
    }
  }

  /// True for `0.0.0.0` and `::`.
  public var isAny: Bool {
    switch self {
    case .v4(let address): address.isAny
    case .v6(let address): address.isAny
    }
  }

  /// The bare address: `192.0.2.1` or `2001:db8::1` (no brackets).
  public var description: String {
    switch self {
    case .v4(let address): address.description
    case .v6(let address): address.description
    }
  }

  /// The address as it must be written before a `:port`: IPv6 in brackets (`[::1]`), IPv4 bare.
  public var hostForPort: String {
    switch self {
    case .v4(let address): address.description
    case .v6(let address): "[\(address)]"
    }
  }
}
