/// Where a `server` line sends connections, as written: an IP address, a host name still to be
/// resolved (at start-up by `init-addr`, later by `resolvers`), or a local socket. `0.0.0.0`
/// and `::` mean "the address the client connected to" (transparent proxying). Immutable
/// value; used on any thread.
public enum ServerAddressSpec: Hashable, Sendable, CustomStringConvertible {
  /// A literal IPv4 or IPv6 address.
  case ip(IPAddress, port: ServerPort)
  /// A name to resolve, optionally restricted to one family by an `ipv4@`/`ipv6@` prefix.
  case hostName(String, family: IPFamily?, port: ServerPort)
  /// A unix stream socket path (`/run/app.sock`, `unix@app.sock`).
  case unixPath(String)
  /// A Linux abstract-namespace unix socket (`abns@name`).
  case abstractNamespace(String)
  /// A unix socket over which each new connection's descriptor is passed (`sockpair@4`).
  case socketPair(Int32)

  /// The port part, for the address kinds that have one.
  public var port: ServerPort? {
    switch self {
    case .ip(_, let port), .hostName(_, _, let port): port
    case .unixPath, .abstractNamespace, .socketPair: nil
    }
  }

  /// True for `0.0.0.0`/`*` and `::`: connect to the address the client connected to.
  public var isClientDestination: Bool {
    if case .ip(let address, _) = self { return address.isAny }
    return false
  }

  /// The address in haproxy.cfg syntax, as a `server` line accepts it: `192.0.2.1:80`,
  /// `[2001:db8::1]:+1000`, `ipv6@app.example:8080`, `192.0.2.1` (client's port),
  /// `/run/app.sock`, `unix@app.sock`, `abns@name`, `sockpair@4`.
  public var description: String {
    switch self {
    case .ip(let address, let port):
      return address.hostForPort + Self.portSuffix(port)
    case .hostName(let name, let family, let port):
      return (family?.prefix ?? "") + name + Self.portSuffix(port)
    case .unixPath(let path):
      return path.hasPrefix("/") ? path : "unix@\(path)"
    case .abstractNamespace(let name):
      return "abns@\(name)"
    case .socketPair(let fd):
      return "sockpair@\(fd)"
    }
  }

  private static func portSuffix(_ port: ServerPort) -> String {
    port == .clientPort ? "" : ":\(port)"
  }
}
