import NIOCore

/// Counts read bursts in either direction of a session, so an inactivity timer can tell
/// whether anything moved since it last looked without reading the clock per event; a TCP
/// relay also counts the bursts read from the server (`option independent-streams`: the
/// client's are the difference). Loop-bound: touched and read only on the session's event loop.
public final class SessionActivity {
  public private(set) var bursts: UInt64 = 0
  /// The bursts read from the server (TCP relay only).
  public private(set) var serverBursts: UInt64 = 0
  /// The bursts read from the client (TCP relay only).
  public var clientBursts: UInt64 { bursts &- serverBursts }
  /// One direction of the session has been shut (`timeout client-fin`/`server-fin` apply).
  public var halfClosed = false

  public init() {}

  @inline(__always)
  public func touch() { bursts &+= 1 }

  /// A burst read from the server.
  @inline(__always)
  public func touchFromServer() {
    bursts &+= 1
    serverBursts &+= 1
  }
}
