import FulcrumConfig

/// The checks of one backend, compiled from the configuration: every server in declaration
/// order (the same indexes as the backend's balancing), with its check settings and probes.
/// Built off the event loops at start-up by `HealthPlanBuilder`; immutable; any thread.
public struct BackendHealthPlan: Sendable {
  public var name: String
  /// `backend`, or `proxy` for a `listen` section, as HAProxy names it in
  /// `backend 'be' has no server available!`.
  public var label: String
  public var servers: [ServerHealthPlan]
  /// `option log-health-checks`.
  public var logHealthChecks: Bool

  public init(name: String, label: String, servers: [ServerHealthPlan], logHealthChecks: Bool) {
    self.name = name
    self.label = label
    self.servers = servers
    self.logHealthChecks = logHealthChecks
  }

  /// Whether any server is checked.
  public var hasChecks: Bool { servers.contains { $0.isChecked } }

  /// Whether any server's health check runs a program.
  public var hasExternalChecks: Bool { servers.contains { $0.isChecked && $0.externalCheck != nil } }
}

/// One server of a checked backend.
public struct ServerHealthPlan: Sendable {
  public var name: String
  /// Where the server is declared, for messages.
  public var location: SourceLocation?
  /// `track`: the server whose state this one follows (it has no check of its own).
  public var tracks: TrackedServerKey?
  /// Set by `resolveTracking`: the tracked chain reaches a `disabled` server, so this one
  /// starts in maintenance as HAProxy starts it.
  public var startsInMaintenance = false
  public var isBackup: Bool
  /// `disabled`: in maintenance from the start, so never checked.
  public var isDisabled: Bool
  public var state: CheckStateMachine.Settings
  /// The health check, when the server has `check`.
  public var healthCheck: ProbePlan?
  /// The agent check, when the server has `agent-check`.
  public var agent: ProbePlan?
  /// The health check when it is a program (`option external-check`); `healthCheck` is nil then.
  public var externalCheck: ExternalCheckPlan?
  /// Who the server is in its `http-check send-state` line; nil when the backend does not
  /// send it.
  public var stateIdentity: ServerStateIdentity?

  public init(
    name: String, isBackup: Bool, isDisabled: Bool, state: CheckStateMachine.Settings, healthCheck: ProbePlan?,
    agent: ProbePlan?, externalCheck: ExternalCheckPlan? = nil
  ) {
    self.name = name
    self.isBackup = isBackup
    self.isDisabled = isDisabled
    self.state = state
    self.healthCheck = healthCheck
    self.agent = agent
    self.externalCheck = externalCheck
  }

  /// Whether the server has a health check, by connection or by program.
  public var hasHealthCheck: Bool { healthCheck != nil || externalCheck != nil }

  public var isChecked: Bool { !isDisabled && (hasHealthCheck || agent != nil) }

  /// The server's place in load balancing before any check ran: up with its weight, unless
  /// it or the server it tracks is `disabled`.
  public var initialTarget: ServerTarget {
    ServerTarget(isUp: !isDisabled && !startsInMaintenance, weight: state.weight)
  }

  /// What the servers tracking this one follow before any check ran.
  var initialCondition: TrackedCondition { isDisabled || startsInMaintenance ? .disabled : .running }
}

/// One probe: its script, where it connects, and how responses are judged.
public struct ProbePlan: Sendable {
  public var script: CheckScript
  public var target: CheckTarget
  public var evaluator: ExpectEvaluator

  public init(script: CheckScript, target: CheckTarget, evaluator: ExpectEvaluator = ExpectEvaluator()) {
    self.script = script
    self.target = target
    self.evaluator = evaluator
  }
}

/// A check the configuration asks for that this build cannot run as HAProxy would; the
/// message names the backend, the server or line, and what to do.
public struct HealthPlanError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
