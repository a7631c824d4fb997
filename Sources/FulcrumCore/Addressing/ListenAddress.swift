/// One place a frontend accepts stream connections, as named by a `bind` address (one element
/// of its comma-separated first word). Host names are already resolved: HAProxy resolves them
/// when it reads the line, and so does Fulcrum. Immutable value; used on any thread.
public enum ListenAddress: Hashable, Sendable, CustomStringConvertible {
  /// A TCP address and port range; the address may be `0.0.0.0` or `::` for every address of
  /// that family (`bind :80`, `bind *:80`, `bind [::]:80`).
  case ip(IPAddress, ports: PortRange)
  /// A unix stream socket path (`bind /run/lb.sock`, `bind unix@lb.sock`, `bind uxst@…`).
  case unixPath(String)
  /// A Linux abstract-namespace unix socket (`bind abns@name`).
  case abstractNamespace(String)
  /// An already bound socket inherited from the parent process (`bind fd@3`).
  case inheritedFD(Int32)
  /// A unix socket over which another process passes accepted connections (`bind sockpair@4`).
  case socketPair(Int32)

  /// How many listening sockets this address opens: one per port, or one.
  public var socketCount: Int {
    if case .ip(_, let ports) = self { return ports.count }
    return 1
  }

  /// The address in haproxy.cfg syntax, as a `bind` line accepts it: `0.0.0.0:80`,
  /// `[::]:8000-8010`, `/run/lb.sock`, `unix@lb.sock`, `abns@name`, `fd@3`, `sockpair@4`.
  public var description: String {
    switch self {
    case .ip(let address, let ports): "\(address.hostForPort):\(ports)"
    case .unixPath(let path): path.hasPrefix("/") ? path : "unix@\(path)"
    case .abstractNamespace(let name): "abns@\(name)"
    case .inheritedFD(let fd): "fd@\(fd)"
    case .socketPair(let fd): "sockpair@\(fd)"
    }
  }
}
