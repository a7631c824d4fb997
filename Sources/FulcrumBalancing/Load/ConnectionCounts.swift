/// Connection and queue counts kept in plain arrays, one slot per server: a `ServerLoad` for
/// tests and for a runtime that counts on one loop. Value type; owned by whoever counts.
public struct ConnectionCounts: ServerLoad, Sendable, Equatable {
  private var servedCounts: [Int]
  private var queuedCounts: [Int]
  public private(set) var backendServed: Int
  public private(set) var backendQueued: Int

  /// Counts for `serverCount` idle servers.
  public init(serverCount: Int) {
    servedCounts = Array(repeating: 0, count: serverCount)
    queuedCounts = Array(repeating: 0, count: serverCount)
    backendServed = 0
    backendQueued = 0
  }

  /// Counts with the given served connections, one per server, and empty queues.
  public init(served: [Int]) {
    servedCounts = served
    queuedCounts = Array(repeating: 0, count: served.count)
    backendServed = served.reduce(0, +)
    backendQueued = 0
  }

  public func served(_ server: ServerIndex) -> Int { servedCounts[server.value] }

  public func queued(_ server: ServerIndex) -> Int { queuedCounts[server.value] }

  public var backendConnections: Int { backendServed + backendQueued }

  /// Sets the connections `server` serves.
  public mutating func setServed(_ count: Int, for server: ServerIndex) {
    backendServed += count - servedCounts[server.value]
    servedCounts[server.value] = count
  }

  /// Sets the requests queued on `server`.
  public mutating func setQueued(_ count: Int, for server: ServerIndex) {
    backendQueued += count - queuedCounts[server.value]
    queuedCounts[server.value] = count
  }

  /// One more connection on `server`.
  public mutating func connectionStarted(on server: ServerIndex) {
    setServed(servedCounts[server.value] + 1, for: server)
  }

  /// One connection fewer on `server`.
  public mutating func connectionEnded(on server: ServerIndex) {
    setServed(servedCounts[server.value] - 1, for: server)
  }
}
