import NIOCore

/// Counts read bursts in either direction of a session, so an inactivity timer can tell
/// whether anything moved since it last looked without reading the clock per event.
/// Loop-bound: touched and read only on the session's event loop.
public final class SessionActivity {
  public private(set) var bursts: UInt64 = 0
  /// One direction of the session has been shut (`timeout client-fin`/`server-fin` apply).
  public var halfClosed = false

  public init() {}

  @inline(__always)
  public func touch() { bursts &+= 1 }
}
