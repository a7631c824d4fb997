/// A change one check brought to a server, in the order HAProxy logs them. The runner turns
/// them into log lines (`HealthLogLine`); the server's new place in load balancing is the state
/// machine's `target`. Immutable value; any thread.
public enum HealthEvent: Sendable, Equatable {
  /// A health check changed the health counter or its status (`option log-health-checks`
  /// logs these). `health` reads as HAProxy prints it: `2/3 UP`, `0/3 DOWN`.
  case checkReported(CheckOutcome, health: String)
  /// The server stopped taking traffic (checks failed, or the agent said `down`).
  case wentDown(CheckOutcome)
  /// The server takes traffic again.
  case wentUp(CheckOutcome)
  /// A 404 under `http-check disable-on-404`: NOLB, no new sessions.
  case startedStopping(CheckOutcome)
  /// The agent said `drain`, or said it again, or `ready` ended it.
  case enteredDrain
  case remainedInDrain
  case leftDrain
  /// The agent said `maint`, or `ready` ended it.
  case enteredMaintenance
  case leftMaintenance
  /// The server this one tracks (`track`) changed, and this one follows it (`via be/srv`).
  case tracked(TrackedTransition, via: String)
}

/// Where a server stands for load balancing: whether it is up, and the weight it is balanced
/// with (0 while it drains or is NOLB). Immutable value; any thread.
public struct ServerTarget: Sendable, Equatable {
  public var isUp: Bool
  public var weight: Int

  public init(isUp: Bool, weight: Int) {
    self.isUp = isUp
    self.weight = weight
  }

  /// Up with a non-zero weight: it takes new sessions (HAProxy's "usable").
  public var isUsable: Bool { isUp && weight > 0 }
}
