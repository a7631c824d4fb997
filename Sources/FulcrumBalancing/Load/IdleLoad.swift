/// A `ServerLoad` where every server is idle: for algorithms that ignore load (hashes without
/// `maxconn` or `hash-balance-factor`) and for tests. Any thread.
public struct IdleLoad: ServerLoad, Sendable {
  public init() {}

  public func served(_ server: ServerIndex) -> Int { 0 }

  public func queued(_ server: ServerIndex) -> Int { 0 }

  public var backendServed: Int { 0 }

  public var backendConnections: Int { 0 }
}
