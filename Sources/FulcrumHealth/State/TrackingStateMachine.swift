/// The state of one server with `track`: it runs no check of its own and follows the server it
/// tracks, as HAProxy 2.6 does: down, up, stopping (NOLB), drain and maintenance are taken
/// over, each change logged `via be/srv`; its weight stays its own. A server that is itself
/// `disabled` stays in maintenance whatever it tracks. Pure value, no clock; owned by the event
/// loop of its backend's board.
public struct TrackingStateMachine: Sendable {
  /// The tracked server as HAProxy names it in messages (`be/srv`).
  public let via: String
  /// `disabled` on the tracking server itself.
  public let isDisabled: Bool
  /// The tracked server's condition, as last followed.
  public private(set) var followed: TrackedCondition
  /// What the server's own agent (`agent-check`) last said, as its check machine holds it;
  /// nil without an agent. haproxy 2.6 lets it take the server down (logged as if the tracked
  /// server had moved: `is DOWN via be/srv`), drain it, put it in maintenance and weigh it.
  public private(set) var agent: TrackedCondition?
  /// The weight the agent gave (`NN%`), else the configured one.
  public private(set) var weight: Int

  public init(via: String, weight: Int, isDisabled: Bool, initial: TrackedCondition, hasAgent: Bool = false) {
    self.via = via
    self.weight = weight
    self.isDisabled = isDisabled
    self.followed = initial
    self.agent = hasAgent ? .running : nil
  }

  /// What this server's own trackers follow: the tracked server's condition with the agent's
  /// on top.
  public var condition: TrackedCondition {
    if isDisabled { return TrackedCondition(operational: followed.operational, draining: false, inMaintenance: true) }
    guard let agent else { return followed }
    var state = followed
    if agent.operational == .stopped { state.operational = .stopped }
    state.draining = state.draining || agent.draining
    state.inMaintenance = state.inMaintenance || agent.inMaintenance
    return state
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
    if isDisabled || agent?.inMaintenance == true { return "MAINT" }
    if followed.inMaintenance { return "MAINT (via \(via))" }
    let state = condition
    if state.draining { return "DRAIN" }
    switch state.operational {
    case .running: return "UP"
    case .stopping: return "NOLB"
    case .stopped: return "DOWN"
    }
  }

  /// Whether the agent keeps the server out whatever the tracked server does (down, or in
  /// maintenance).
  private var agentHoldsOut: Bool { agent.map { $0.operational == .stopped || $0.inMaintenance } ?? false }

  /// Follows the tracked server into `condition`; returns what to log, in HAProxy's order. A
  /// change of maintenance hides the operational change that comes with it (the server is
  /// `UP/READY` on leaving maintenance, not also `UP`), as for a checked server. While the
  /// agent holds the server out, the tracked server going down or up changes nothing here.
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
    if condition.draining != before.draining, agent?.draining != true {
      events.append(.tracked(condition.draining ? .enteredDrain : .leftDrain, via: via))
    }
    if condition.operational != before.operational, !agentHoldsOut {
      switch condition.operational {
      case .stopped: events.append(.tracked(.wentDown, via: via))
      case .running: events.append(.tracked(.wentUp, via: via))
      case .stopping: events.append(.tracked(.startedStopping, via: via))
      }
    }
    return events
  }

  /// The server's own agent moved it to `agentCondition`, with `weight` (its `NN%`), and its
  /// check machine logged `events`: returns what to log for the server. Going down or up is
  /// worded as haproxy 2.6 words it for a tracking server (`is DOWN via be/srv`), and only
  /// when the server's place changes (the tracked server may hold it down already); drain,
  /// maintenance and the agent's own lines are logged as for a checked server.
  public mutating func agentReported(
    _ agentCondition: TrackedCondition, weight: Int, events: [HealthEvent]
  ) -> [HealthEvent] {
    guard agent != nil, !isDisabled else { return [] }
    let before = target
    agent = agentCondition
    self.weight = weight
    let after = target
    var result: [HealthEvent] = []
    for event in events {
      switch event {
      case .wentDown:
        if before.isUp && !after.isUp { result.append(.tracked(.wentDown, via: via)) }
      case .wentUp:
        if !before.isUp && after.isUp { result.append(.tracked(.wentUp, via: via)) }
      case .startedStopping:
        break
      default:
        result.append(event)
      }
    }
    return result
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
