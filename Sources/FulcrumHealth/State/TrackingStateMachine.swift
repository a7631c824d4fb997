/// The state of one server with `track`: it runs no check of its own and follows the server it
/// tracks, as HAProxy 2.6 does: down, up, stopping (NOLB), drain and maintenance are taken
/// over, each change logged `via be/srv`; its weight stays its own. A server that is itself
/// `disabled` stays in maintenance whatever it tracks. Pure value, no clock; owned by the event
/// loop of its backend's board.
public struct TrackingStateMachine: Sendable {
  /// The tracked server as HAProxy names it in messages (`be/srv`).
  public let via: String
  /// The server's configured weight.
  public let weight: Int
  /// `disabled` on the tracking server itself.
  public let isDisabled: Bool
  /// The tracked server's condition, as last followed.
  public private(set) var followed: TrackedCondition

  public init(via: String, weight: Int, isDisabled: Bool, initial: TrackedCondition) {
    self.via = via
    self.weight = weight
    self.isDisabled = isDisabled
    self.followed = initial
  }

  /// What this server's own trackers follow.
  public var condition: TrackedCondition {
    isDisabled ? TrackedCondition(operational: followed.operational, draining: false, inMaintenance: true) : followed
  }

  /// The server's place in load balancing now.
  public var target: ServerTarget {
    let state = condition
    let isUp = state.operational != .stopped && !state.inMaintenance
    return ServerTarget(isUp: isUp, weight: state.operational == .stopping || state.draining ? 0 : weight)
  }

  /// The status HAProxy's stats page shows for a tracking server: `MAINT (via be/srv)` while
  /// the maintenance is inherited, else `MAINT`, `DRAIN`, `NOLB`, `UP` or `DOWN`.
  public var displayedStatus: String {
    if isDisabled { return "MAINT" }
    if followed.inMaintenance { return "MAINT (via \(via))" }
    if followed.draining { return "DRAIN" }
    switch followed.operational {
    case .running: return "UP"
    case .stopping: return "NOLB"
    case .stopped: return "DOWN"
    }
  }

  /// Follows the tracked server into `condition`; returns what to log, in HAProxy's order. A
  /// change of maintenance hides the operational change that comes with it (the server is
  /// `UP/READY` on leaving maintenance, not also `UP`), as for a checked server.
  public mutating func follow(_ condition: TrackedCondition) -> [HealthEvent] {
    let before = followed
    followed = condition
    guard !isDisabled else { return [] }
    var events: [HealthEvent] = []
    if condition.inMaintenance != before.inMaintenance {
      events.append(
        .tracked(
          condition.inMaintenance ? .enteredMaintenance : .leftMaintenance(draining: condition.draining), via: via))
      return events
    }
    if condition.inMaintenance { return events }
    if condition.draining != before.draining {
      events.append(.tracked(condition.draining ? .enteredDrain : .leftDrain, via: via))
    }
    if condition.operational != before.operational {
      switch condition.operational {
      case .stopped: events.append(.tracked(.wentDown, via: via))
      case .running: events.append(.tracked(.wentUp, via: via))
      case .stopping: events.append(.tracked(.startedStopping, via: via))
      }
    }
    return events
  }
}

/// A change of the tracked server that a tracking server takes over (`HealthEvent.tracked`).
public enum TrackedTransition: Sendable, Equatable {
  case wentDown
  case wentUp
  /// NOLB (`http-check disable-on-404` in both backends).
  case startedStopping
  case enteredDrain
  case leftDrain
  case enteredMaintenance
  /// Out of maintenance; still draining if the tracked server drains.
  case leftMaintenance(draining: Bool)
}
