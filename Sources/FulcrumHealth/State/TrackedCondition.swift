/// The part of a server's state that the servers tracking it (`track`) follow: whether it is
/// running, stopping (NOLB) or stopped, and whether it drains or is in maintenance. Its weight
/// is not followed: a tracking server keeps its own, as in HAProxy. Immutable value; any thread.
public struct TrackedCondition: Sendable, Equatable {
  public var operational: CheckStateMachine.Operational
  public var draining: Bool
  public var inMaintenance: Bool

  public init(operational: CheckStateMachine.Operational, draining: Bool, inMaintenance: Bool) {
    self.operational = operational
    self.draining = draining
    self.inMaintenance = inMaintenance
  }

  /// A server running normally.
  public static let running = TrackedCondition(operational: .running, draining: false, inMaintenance: false)
  /// A server in maintenance from the start (`disabled`, or tracking one that is).
  public static let disabled = TrackedCondition(operational: .running, draining: false, inMaintenance: true)
}

extension CheckStateMachine {
  /// What the servers tracking this one follow.
  public var condition: TrackedCondition {
    TrackedCondition(operational: operational, draining: draining, inMaintenance: inMaintenance)
  }
}
