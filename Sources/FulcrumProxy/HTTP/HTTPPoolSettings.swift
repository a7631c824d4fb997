import NIOCore

/// How a backend's idle server connections are pooled on each event loop: each server's
/// `pool-max-conn` in backend order (`nil`: no bound) and `pool-purge-delay`. Immutable value;
/// any thread.
public struct HTTPPoolSettings: Sendable, Equatable {
  public var maxPerServer: [Int?]
  public var purgeDelay: TimeAmount?
  /// The most idle connections one event loop's pool keeps over all servers: HAProxy stops
  /// pooling once idle connections would take a quarter of its file descriptors
  /// (`tune.pool-high-fd-ratio`), which Fulcrum divides between its event loops.
  public var maxIdle: Int
  /// Each server's `pool-low-conn` in backend order: idle connections kept beyond what recent
  /// traffic needed (``HTTPIdleBudget``); missing entries are 0.
  public var lowPerServer: [Int]

  public init(maxPerServer: [Int?], purgeDelay: TimeAmount?, maxIdle: Int = 1_024, lowPerServer: [Int] = []) {
    self.maxPerServer = maxPerServer
    self.purgeDelay = purgeDelay
    self.maxIdle = maxIdle
    self.lowPerServer = lowPerServer
  }
}
