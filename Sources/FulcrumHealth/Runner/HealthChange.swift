/// What the checker tells the runtime when a server's health changes: which server (its index
/// in the backend's declaration order), where it now stands for load balancing, and the lines
/// to log. Immutable value; any thread.
public struct HealthChange: Sendable, Equatable {
  public var backend: String
  public var server: Int
  public var serverName: String
  /// The server's place in load balancing after the change.
  public var target: ServerTarget
  /// Whether `target` differs from the one before.
  public var targetChanged: Bool
  /// HAProxy's status for the stats page after the change (`UP 1/3`, `DRAIN`).
  public var displayedStatus: String
  public var lines: [HealthLogLine]

  public init(
    backend: String, server: Int, serverName: String, target: ServerTarget, targetChanged: Bool,
    displayedStatus: String, lines: [HealthLogLine]
  ) {
    self.backend = backend
    self.server = server
    self.serverName = serverName
    self.target = target
    self.targetChanged = targetChanged
    self.displayedStatus = displayedStatus
    self.lines = lines
  }
}

/// What a server's check task sends its backend's board after a check.
struct ServerCheckReport: Sendable {
  var server: Int
  var target: ServerTarget
  var events: [HealthEvent]
  var displayedStatus: String
  /// Lines that are not state changes (an external check that could not run).
  var notes: [HealthLogLine]
  /// What the servers tracking this one follow.
  var condition: TrackedCondition
  /// The server's weight before any drain (configured, or the agent's `NN%`).
  var weight: Int
}
