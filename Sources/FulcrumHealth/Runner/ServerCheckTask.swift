import NIOCore

/// Runs one server's health check and agent check on an event loop, each on its own schedule,
/// feeds their outcomes to the server's `CheckStateMachine`, and reports changes to the
/// backend's board. The clock is the loop's (`NIODeadline`), read only here; the machine gets
/// times as durations since the task was made. Loop-bound: created off the loop in a box, then
/// used only on `loop`.
final class ServerCheckTask {
  let loop: any EventLoop
  let index: Int
  let plan: ServerHealthPlan
  private var machine: CheckStateMachine
  private let origin = NIODeadline.now()
  private var random = SystemRandomNumberGenerator()
  private let report: @Sendable (ServerCheckReport) -> Void
  /// The loop's check timers, from `start` on.
  private var timers: CheckTimerQueue?
  private var healthTimer: Int?
  private var agentTimer: Int?
  private var healthProbe: CheckProbe?
  private var agentProbe: CheckProbe?
  private var stopped = false
  /// The `maxconn` the agent last set, so the same answer is not applied again.
  private var agentMaxconn: Int?
  /// Sets the server's `maxconn` (the agent's `maxconn:N`).
  private let connectionLimit: @Sendable (Int) -> Void
  /// When the scheduled health check is due (time since `origin`).
  private var healthDue: Duration?
  /// `on-error` fired while a health check ran: the next one comes within `fastinter`.
  private var advanceNextHealthCheck = false
  /// Starts the programs of external checks (nil when the server has none).
  private let launcher: ExternalCheckLauncher?
  /// The alert of the last external check that did not run, so it is logged once until a
  /// program runs again.
  private var lastExternalAlert: String?

  /// The server's load now, read on this loop: its sessions for `HAPROXY_SERVER_CURCONN`, and
  /// everything `http-check send-state` sends.
  private let serverLoad: @Sendable (any EventLoop) -> ServerLoadFigures

  init(
    loop: any EventLoop, index: Int, plan: ServerHealthPlan, launcher: ExternalCheckLauncher? = nil,
    serverLoad: @escaping @Sendable (any EventLoop) -> ServerLoadFigures = { _ in ServerLoadFigures() },
    connectionLimit: @escaping @Sendable (Int) -> Void = { _ in },
    report: @escaping @Sendable (ServerCheckReport) -> Void
  ) {
    self.serverLoad = serverLoad
    self.connectionLimit = connectionLimit
    self.loop = loop
    self.index = index
    self.plan = plan
    self.machine = CheckStateMachine(settings: plan.state)
    self.launcher = launcher
    self.report = report
  }

  /// The interval the first health check is spread over at start-up (HAProxy uses the one of
  /// the starting state: `fastinter` unless `fall` is 1).
  static func startingInterval(_ state: CheckStateMachine.Settings) -> Duration {
    state.fall == 1 ? state.interval : state.fastInterval ?? state.interval
  }

  private var now: Duration { .nanoseconds((NIODeadline.now() - origin).nanoseconds) }

  func start(healthOffset: Duration, agentOffset: Duration, timers: CheckTimerQueue) {
    loop.preconditionInEventLoop()
    self.timers = timers
    if plan.hasHealthCheck { scheduleHealth(in: healthOffset) }
    if plan.agent != nil { scheduleAgent(in: agentOffset) }
  }

  func stop() {
    stopped = true
    if let healthTimer { timers?.cancel(healthTimer) }
    if let agentTimer { timers?.cancel(agentTimer) }
    healthProbe?.cancel()
    agentProbe?.cancel()
    healthTimer = nil
    agentTimer = nil
    healthProbe = nil
    agentProbe = nil
  }

  private func scheduleHealth(in delay: Duration) {
    guard let timers else { return }
    if let healthTimer { timers.cancel(healthTimer) }
    healthDue = now + delay
    healthTimer = timers.schedule(in: .nanoseconds(max(0, delay.nanoseconds))) { [self] in
      self.healthTimer = nil
      self.runHealthCheck()
    }
  }

  private func scheduleAgent(in delay: Duration) {
    guard let timers else { return }
    if let agentTimer { timers.cancel(agentTimer) }
    agentTimer = timers.schedule(in: .nanoseconds(max(0, delay.nanoseconds))) { [self] in
      self.agentTimer = nil
      self.runAgentCheck()
    }
  }

  private func runHealthCheck() {
    guard !stopped, plan.hasHealthCheck else { return }
    let start = now
    guard machine.runsHealthChecks else {
      // In maintenance: no check, but keep the rhythm for when it ends.
      scheduleHealth(in: machine.nextHealthCheck(startedAt: start, now: start, random: &random) - start)
      return
    }
    if let external = plan.externalCheck {
      runExternalCheck(external, startedAt: start)
      return
    }
    guard let probePlan = plan.healthCheck else { return }
    let probe = CheckProbe(
      loop: loop, script: probePlan.script, target: probePlan.target, evaluator: probePlan.evaluator, timers: timers,
      serverStateLine: serverStateLine())
    healthProbe = probe
    probe.start { [self] outcome in
      self.healthProbe = nil
      guard !self.stopped else { return }
      self.healthCheckCompleted(outcome, startedAt: start, notes: [])
    }
  }

  /// The `X-Haproxy-Server-State` line of `http-check send-state`, as the server is now;
  /// empty when the backend does not send it.
  private func serverStateLine() -> [UInt8] {
    guard let identity = plan.stateIdentity else { return [] }
    return ServerStateHeader(status: machine.reportedState, identity: identity, figures: serverLoad(loop)).line
  }

  /// `observe`: the server's traffic had `count` consecutive errors (`error-limit`), the last
  /// one described by `last`. Applies `on-error` and brings the next health check forward.
  func observedErrorsReachedLimit(count: Int, last: String) {
    guard !stopped, plan.hasHealthCheck else { return }
    let before = machine.target
    let events = machine.observedErrorsReachedLimit(.observedErrors(count: count, last: last))
    publish(events, before: before, notes: [])
    guard machine.runsHealthChecks else { return }
    if healthProbe != nil {
      advanceNextHealthCheck = true
    } else if let due = healthDue {
      let now = self.now
      let next = machine.healthCheckAfterObservedErrors(scheduled: due, now: now)
      if next < due { scheduleHealth(in: next - now) }
    }
  }

  /// Hands the program to the launcher; its ending comes back on this loop. Without a
  /// launcher (`insecure-fork-wanted` not set), the check fails at once.
  private func runExternalCheck(_ external: ExternalCheckPlan, startedAt start: Duration) {
    guard let launcher, external.processCreationAllowed else {
      externalCheckEnded(ExternalCheckExit(.creationForbidden, duration: .zero), startedAt: start)
      return
    }
    let task = NIOLoopBound(self, eventLoop: loop)
    let loop = self.loop
    launcher.launch(external.withCurrentSessions(serverLoad(loop).sessions)) { exit in
      loop.execute { task.value.externalCheckEnded(exit, startedAt: start) }
    }
  }

  private func externalCheckEnded(_ exit: ExternalCheckExit, startedAt start: Duration) {
    guard !stopped else { return }
    var notes: [HealthLogLine] = []
    let alert = exit.alert
    if let alert, alert != lastExternalAlert {
      notes.append(HealthLogLine(.alert, "Server \(plan.name): \(alert)"))
    }
    lastExternalAlert = alert
    healthCheckCompleted(exit.outcome, startedAt: start, notes: notes)
  }

  private func healthCheckCompleted(_ outcome: CheckOutcome, startedAt start: Duration, notes: [HealthLogLine]) {
    let before = machine.target
    let events = machine.healthCheckCompleted(outcome)
    publish(events, before: before, notes: notes)
    let now = self.now
    var next = machine.nextHealthCheck(startedAt: start, now: now, random: &random)
    if advanceNextHealthCheck {
      advanceNextHealthCheck = false
      next = machine.healthCheckAfterObservedErrors(scheduled: next, now: now)
    }
    scheduleHealth(in: next - now)
  }

  private func runAgentCheck() {
    guard !stopped, let probePlan = plan.agent else { return }
    let start = now
    let probe = CheckProbe(
      loop: loop, script: probePlan.script, target: probePlan.target, evaluator: probePlan.evaluator, timers: timers)
    agentProbe = probe
    probe.start { [self] outcome in
      self.agentProbe = nil
      guard !self.stopped else { return }
      let before = self.machine.target
      let events = self.machine.agentCompleted(outcome)
      if let maxconn = outcome.agentReply?.maxconn, maxconn != self.agentMaxconn {
        // As HAProxy: the server's maxconn becomes the agent's (0: no limit).
        self.agentMaxconn = maxconn
        self.connectionLimit(maxconn)
      }
      self.publish(events, before: before, notes: [])
      if events.contains(.leftMaintenance) && self.plan.hasHealthCheck {
        // Out of maintenance, HAProxy checks the server again at once.
        self.scheduleHealth(in: .zero)
      }
      let now = self.now
      self.scheduleAgent(in: self.machine.nextAgentCheck(startedAt: start, now: now, random: &self.random) - now)
    }
  }

  private func publish(_ events: [HealthEvent], before: ServerTarget, notes: [HealthLogLine]) {
    let target = machine.target
    guard !events.isEmpty || !notes.isEmpty || target != before else { return }
    report(
      ServerCheckReport(
        server: index, target: target, events: events, displayedStatus: machine.displayedStatus, notes: notes,
        condition: machine.condition, weight: machine.weight))
  }
}
