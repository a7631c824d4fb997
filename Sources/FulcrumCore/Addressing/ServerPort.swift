/// The port part of a `server` address: either a fixed port, or the port the client connected
/// to plus an offset. `server s1 10.0.0.1` (no port), `…:0` and `…:+0` all mean "the client's
/// port"; `…:+1000` and `…:-1000` shift it. Immutable value; used on any thread.
public enum ServerPort: Hashable, Sendable, CustomStringConvertible {
  /// Always this port, 1 to 65535.
  case fixed(UInt16)
  /// The port the client connected to, plus this offset (-65535 to 65535).
  case clientPortOffset(Int)

  /// The client's own destination port, unchanged.
  public static let clientPort = ServerPort.clientPortOffset(0)

  /// The port to connect to for a client that connected to `clientPort`. An offset that leaves
  /// 0–65535 wraps around, as HAProxy's 16-bit port arithmetic does.
  public func port(forClientPort clientPort: UInt16) -> UInt16 {
    switch self {
    case .fixed(let port): port
    case .clientPortOffset(let offset): UInt16(truncatingIfNeeded: Int(clientPort) + offset)
    }
  }

  /// True when the port depends on the client's connection.
  public var followsClient: Bool {
    if case .clientPortOffset = self { return true }
    return false
  }

  /// `80`, `+1000`, `-1000`, or `+0` for the client's own port.
  public var description: String {
    switch self {
    case .fixed(let port): "\(port)"
    case .clientPortOffset(let offset): offset < 0 ? "\(offset)" : "+\(offset)"
    }
  }
}
