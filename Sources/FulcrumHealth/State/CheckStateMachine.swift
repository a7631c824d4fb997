/// The health of one checked server, as HAProxy 2.6 keeps it: the health check's counter
/// (`rise`/`fall`), the agent's, the operational state (running, NOLB, stopped) and the admin
/// state the agent sets (drain, maintenance), and the weight the agent asked for. Each check's
/// outcome goes in; the events to log and the server's `target` come out, with the delay
/// before the next check. Pure value with no clock of its own: times are passed in. Owned by
/// the event loop that runs the server's checks.
///
/// The counter runs from 0 to `rise + fall - 1`. A server is up while it is at `rise` or more:
/// a failure takes one off, and dropping below `rise` takes it to 0 (down); a success adds one,
/// and reaching `rise` takes it to the top (fully up). A checked server starts up at `rise`
/// (`UP 1/fall`), so its first failure takes it down and its first success makes it fully up.
/// The agent counts the same way with `rise` and `fall` of 1.
public struct CheckStateMachine: Sendable {
  /// One server's check settings.
  public struct Settings: Sendable, Equatable {
    public var rise = 2
    public var fall = 3
    public var interval: Duration = .seconds(2)
    public var fastInterval: Duration?
    public var downInterval: Duration?
    public var agentInterval: Duration = .seconds(2)
    /// `check`: a health check runs.
    public var healthCheck = true
    /// `agent-check`: an agent is asked too.
    public var agent = false
    /// The configured weight, which an agent's `NN%` scales.
    public var weight = 1
    /// The global `spread-checks` (0...50).
    public var spreadPercent = 0
    /// `on-error`: what `error-limit` consecutive errors in observed traffic do.
    public var onError = OnError.failCheck

    public init() {}
  }

  /// `on-error`. Each also asks for the next health check within `fastinter`.
  public enum OnError: String, Sendable, Equatable, CaseIterable {
    /// Only the next check comes sooner.
    case fastInter = "fastinter"
    /// Counts as one failed check.
    case failCheck = "fail-check"
    /// Leaves the server one failed check away from DOWN (`UP 1/fall`), then counts as a failed
    /// check.
    case suddenDeath = "sudden-death"
    /// The server goes DOWN at once.
    case markDown = "mark-down"
  }

  public enum Operational: Sendable, Equatable {
    case running
    /// NOLB: a 404 under `disable-on-404`.
    case stopping
    case stopped
  }

  public let settings: Settings
  public private(set) var health: Int
  public private(set) var agentHealth = 1
  public private(set) var operational: Operational = .running
  public private(set) var draining = false
  public private(set) var inMaintenance = false
  /// The weight before draining (the configured one, or what the agent's `NN%` made it).
  public private(set) var weight: Int
  private var lastHealthStatus: CheckStatus?

  public init(settings: Settings) {
    self.settings = settings
    health = settings.rise
    weight = settings.weight
  }

  var maximumHealth: Int { settings.rise + settings.fall - 1 }

  /// The server's place in load balancing now.
  public var target: ServerTarget {
    let isUp = operational != .stopped && !inMaintenance
    let weight = operational == .stopping || draining ? 0 : weight
    return ServerTarget(isUp: isUp, weight: weight)
  }

  /// The status HAProxy's stats page shows: `UP`, `UP 1/3`, `DOWN 2/3`, `NOLB`, `DRAIN`,
  /// `MAINT`.
  public var displayedStatus: String {
    if inMaintenance { return "MAINT" }
    if draining { return "DRAIN" }
    switch operational {
    case .stopping: return "NOLB"
    case .stopped:
      if settings.agent && agentHealth == 0 { return "DOWN (agent)" }
      return health == 0 || !settings.healthCheck ? "DOWN" : "DOWN \(health)/\(settings.rise)"
    case .running:
      return health >= maximumHealth || !settings.healthCheck
        ? "UP" : "UP \(health - settings.rise + 1)/\(settings.fall)"
    }
  }

  /// The state `http-check send-state` reports, as HAProxy words it: `UP`, `UP 2/3` (going
  /// down), `DOWN`, `DOWN 1/2` (going up), `NOLB` and `NOLB 2/3` (disable-on-404), `no check`.
  public var reportedState: String {
    guard settings.healthCheck else { return "no check" }
    switch operational {
    case .stopped:
      return health > 0 ? "DOWN \(health)/\(settings.rise)" : "DOWN"
    case .running, .stopping:
      let word = operational == .stopping ? "NOLB" : "UP"
      return health >= maximumHealth ? word : "\(word) \(health - settings.rise + 1)/\(settings.fall)"
    }
  }

  /// The health counter as `option log-health-checks` prints it: `2/3 UP`, `0/3 DOWN`.
  public var healthSummary: String {
    health < settings.rise
      ? "\(health)/\(settings.rise) DOWN" : "\(health - settings.rise + 1)/\(settings.fall) UP"
  }

  /// Whether the health check runs now: not while the server is in maintenance.
  public var runsHealthChecks: Bool { settings.healthCheck && !inMaintenance }

  /// Applies one health check's outcome.
  public mutating func healthCheckCompleted(_ result: CheckOutcome) -> [HealthEvent] {
    guard runsHealthChecks else { return [] }
    var outcome = result
    if outcome.status == .layer7ConditionallyOK && operational == .stopped {
      // disable-on-404 only applies to running servers: a stopped one stays stopped.
      outcome = outcome.asWrongStatus
    }
    var events: [HealthEvent] = []
    var counted = false
    switch outcome.status.verdict {
    case .failed:
      if health > 0 {
        health -= 1
        if health < settings.rise { health = 0 }
        counted = true
      }
    case .passed, .conditionallyPassed:
      if health < maximumHealth {
        health += 1
        if health >= settings.rise { health = maximumHealth }
        counted = true
      }
    }
    if counted || outcome.status != lastHealthStatus {
      events.append(.checkReported(outcome, health: healthSummary))
    }
    lastHealthStatus = outcome.status
    switch outcome.status.verdict {
    case .failed: notifyFailure(outcome, counter: health, into: &events)
    case .conditionallyPassed: notifyStopping(outcome, into: &events)
    case .passed: notifySuccess(outcome, fromAgent: false, into: &events)
    }
    return events
  }

  /// `observe`: the server's traffic had `error-limit` consecutive errors; applies `on-error`
  /// as HAProxy 2.6 does, with `outcome` (status `healthAnalyze`) as the failed check's result.
  /// Ignored without a health check (HAProxy observes only checked servers) and in maintenance.
  public mutating func observedErrorsReachedLimit(_ outcome: CheckOutcome) -> [HealthEvent] {
    guard runsHealthChecks else { return [] }
    switch settings.onError {
    case .fastInter:
      return []
    case .failCheck:
      break
    case .suddenDeath:
      health = min(health, settings.rise + 1)
    case .markDown:
      health = settings.rise
    }
    return healthCheckCompleted(outcome)
  }

  /// Applies one agent check's outcome: its reply's admin state and weight, then its health
  /// word. A connection failure or a reply without a line changes nothing: connectivity is the
  /// health check's business.
  public mutating func agentCompleted(_ outcome: CheckOutcome) -> [HealthEvent] {
    guard settings.agent else { return [] }
    var events: [HealthEvent] = []
    if let reply = outcome.agentReply {
      applyAdmin(reply.admin, into: &events)
      if let percent = reply.weightPercent {
        let scaled = min(256, settings.weight * percent / 100)
        if scaled != weight {
          weight = scaled
          if draining { events.append(.remainedInDrain) }
        }
      }
    }
    guard outcome.status.carriesData else { return events }
    switch outcome.status.verdict {
    case .failed:
      agentHealth = 0
      notifyFailure(outcome, counter: agentHealth, into: &events)
    case .passed, .conditionallyPassed:
      agentHealth = 1
      notifySuccess(outcome, fromAgent: true, into: &events)
    }
    return events
  }

  private mutating func applyAdmin(_ admin: AgentReply.Admin?, into events: inout [HealthEvent]) {
    switch admin {
    case .drain:
      if draining {
        events.append(.remainedInDrain)
      } else {
        draining = true
        events.append(.enteredDrain)
      }
    case .maintenance:
      if !inMaintenance {
        inMaintenance = true
        events.append(.enteredMaintenance)
      }
    case .ready:
      if inMaintenance {
        inMaintenance = false
        // Out of maintenance the server is up at `rise` and checked again at once.
        health = settings.rise
        lastHealthStatus = nil
        if operational == .stopped && (!settings.agent || agentHealth > 0) { operational = .running }
        events.append(.leftMaintenance)
      }
      if draining {
        draining = false
        events.append(.leftDrain)
      }
    case nil:
      break
    }
  }

  private mutating func notifyFailure(_ outcome: CheckOutcome, counter: Int, into events: inout [HealthEvent]) {
    guard counter == 0, operational != .stopped, !inMaintenance else { return }
    operational = .stopped
    events.append(.wentDown(outcome))
  }

  private func checksAllowUp() -> Bool {
    if inMaintenance { return false }
    if settings.healthCheck && health < settings.rise { return false }
    if settings.agent && agentHealth < 1 { return false }
    return true
  }

  private mutating func notifySuccess(_ outcome: CheckOutcome, fromAgent: Bool, into events: inout [HealthEvent]) {
    guard checksAllowUp() else { return }
    // An agent's `up` does not end the NOLB state a 404 put the server in.
    if fromAgent && operational == .stopping { return }
    guard operational != .running else { return }
    operational = .running
    events.append(.wentUp(outcome))
  }

  private mutating func notifyStopping(_ outcome: CheckOutcome, into events: inout [HealthEvent]) {
    guard checksAllowUp(), operational != .stopping else { return }
    operational = .stopping
    events.append(.startedStopping(outcome))
  }
}
