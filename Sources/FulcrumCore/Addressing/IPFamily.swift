/// The two internet address families an address can belong to, as forced by the `ipv4@` and
/// `ipv6@` prefixes of haproxy.cfg. Immutable value; used on any thread.
public enum IPFamily: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  case ipv4
  case ipv6

  /// The haproxy.cfg prefix that forces this family: `ipv4@` or `ipv6@`.
  public var prefix: String { rawValue + "@" }

  public var description: String { rawValue }
}
