/// What the load balancer knows of a server's load when a check with `send-state` starts.
public struct ServerLoadFigures: Sendable, Equatable {
  /// Sessions on the server now (HAProxy's `scur`).
  public var sessions: Int
  /// Sessions of the whole backend being served (its connections less those queued).
  public var backendSessions: Int
  /// Sessions waiting in the server's own queue.
  public var queued: Int
  /// The server's effective weight, in configured units.
  public var weight: Int
  /// The total effective weight of the servers taking traffic.
  public var totalWeight: Int
  /// Percent through `slowstart` while the server warms up; nil otherwise.
  public var warmup: Int?

  public init(
    sessions: Int = 0, backendSessions: Int = 0, queued: Int = 0, weight: Int = 0, totalWeight: Int = 0,
    warmup: Int? = nil
  ) {
    self.sessions = sessions
    self.backendSessions = backendSessions
    self.queued = queued
    self.weight = weight
    self.totalWeight = totalWeight
    self.warmup = warmup
  }
}
