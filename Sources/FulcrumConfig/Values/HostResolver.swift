import FulcrumCore

/// Turns a host name from the configuration into IP addresses, as `init-addr libc` does when
/// servers are set up and as `bind` does when its line is read. Implementations are
/// `Sendable` and may block; call them from the configuration loader, never from an event loop.
public protocol HostResolver: Sendable {
  /// The addresses of `host`, most preferred first (callers that need one take the first),
  /// restricted to `family` when an `ipv4@`/`ipv6@` prefix asked for one. Throws a
  /// `ValueError` naming the host, normally `ValueError.unresolvable(host:family:reason:)`,
  /// when there is no such address; never returns an empty array.
  func resolve(_ host: String, family: IPFamily?) throws(ValueError) -> [IPAddress]
}
