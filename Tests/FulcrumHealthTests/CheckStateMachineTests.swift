import FulcrumHealth
import Testing

/// The rise/fall counter, the operational and admin states and their log events, checked
/// against what HAProxy 2.6 does (see the experiments quoted on each test).
@Suite struct CheckStateMachineTests {
  static func settings(
    rise: Int = 3, fall: Int = 2, agent: Bool = false, weight: Int = 10
  ) -> CheckStateMachine.Settings {
    var settings = CheckStateMachine.Settings()
    settings.rise = rise
    settings.fall = fall
    settings.agent = agent
    settings.weight = weight
    return settings
  }

  static let pass = CheckOutcome(status: .layer7OK, code: 200)
  static let fail = CheckOutcome(status: .layer7WrongStatus, code: 500, info: "X")
  static let notFound = CheckOutcome(status: .layer7ConditionallyOK, code: 404, infoIfNotRunning: "Not Found")

  @Test func startsUpAtRiseSoTheFirstFailureTakesItDown() {
    // haproxy 2.6: `UP 1/2` before the first check (rise 3 fall 2), DOWN after one failure.
    var machine = CheckStateMachine(settings: Self.settings())
    #expect(machine.displayedStatus == "UP 1/2")
    #expect(machine.target == ServerTarget(isUp: true, weight: 10))
    let events = machine.healthCheckCompleted(Self.fail)
    #expect(events == [.checkReported(Self.fail, health: "0/3 DOWN"), .wentDown(Self.fail)])
    #expect(machine.displayedStatus == "DOWN")
    #expect(machine.target.isUp == false)
  }

  @Test func startsUpAtRiseSoTheFirstSuccessMakesItFullyUp() {
    var machine = CheckStateMachine(settings: Self.settings())
    #expect(machine.healthCheckCompleted(Self.pass) == [.checkReported(Self.pass, health: "2/2 UP")])
    #expect(machine.displayedStatus == "UP")
  }

  @Test func fullyUpServerNeedsFallFailuresAndRiseSuccesses() {
    // haproxy 2.6 with rise 3 fall 3: UP, UP 2/3, UP 1/3, DOWN; then DOWN 1/3, DOWN 2/3, UP.
    var machine = CheckStateMachine(settings: Self.settings(rise: 3, fall: 3))
    _ = machine.healthCheckCompleted(Self.pass)
    var shown: [String] = [machine.displayedStatus]
    var downs = 0
    var ups = 0
    for outcome in [Self.fail, Self.fail, Self.fail, Self.fail, Self.pass, Self.pass, Self.pass, Self.pass] {
      for event in machine.healthCheckCompleted(outcome) {
        if case .wentDown = event { downs += 1 }
        if case .wentUp = event { ups += 1 }
      }
      shown.append(machine.displayedStatus)
    }
    #expect(shown == ["UP", "UP 2/3", "UP 1/3", "DOWN", "DOWN", "DOWN 1/3", "DOWN 2/3", "UP", "UP"])
    #expect(downs == 1)
    #expect(ups == 1)
  }

  @Test func aFailureWhileGoingUpStartsOver() {
    var machine = CheckStateMachine(settings: Self.settings(rise: 3, fall: 2))
    _ = machine.healthCheckCompleted(Self.fail)
    _ = machine.healthCheckCompleted(Self.pass)
    _ = machine.healthCheckCompleted(Self.pass)
    #expect(machine.displayedStatus == "DOWN 2/3")
    _ = machine.healthCheckCompleted(Self.fail)
    #expect(machine.displayedStatus == "DOWN")
    #expect(machine.health == 0)
  }

  @Test func repeatedFailuresWhileDownAreNotReported() {
    var machine = CheckStateMachine(settings: Self.settings())
    _ = machine.healthCheckCompleted(Self.fail)
    #expect(machine.healthCheckCompleted(Self.fail).isEmpty)
    // A different status is reported (option log-health-checks logs it).
    let timeout = CheckOutcome(status: .layer7Timeout)
    #expect(machine.healthCheckCompleted(timeout) == [.checkReported(timeout, health: "0/3 DOWN")])
  }

  @Test func riseAndFallOfOneFlipAtEachResult() {
    var machine = CheckStateMachine(settings: Self.settings(rise: 1, fall: 1))
    #expect(machine.displayedStatus == "UP")
    #expect(machine.healthCheckCompleted(Self.fail).contains(.wentDown(Self.fail)))
    #expect(machine.healthCheckCompleted(Self.pass).contains(.wentUp(Self.pass)))
  }

  @Test func disableOn404PutsARunningServerInNOLBAndA2xxBringsItBack() {
    // haproxy 2.6: "Server fe/s3 is stopping, reason: Layer7 check conditionally passed, code: 404"
    // then "Server fe/s3 is UP, reason: Layer7 check passed, code: 200".
    var machine = CheckStateMachine(settings: Self.settings())
    let events = machine.healthCheckCompleted(Self.notFound)
    #expect(events.last == .startedStopping(Self.notFound))
    #expect(machine.displayedStatus == "NOLB")
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.healthCheckCompleted(Self.notFound).isEmpty)
    #expect(machine.healthCheckCompleted(Self.pass).last == .wentUp(Self.pass))
    #expect(machine.target == ServerTarget(isUp: true, weight: 10))
  }

  @Test func a404OnAStoppedServerIsAWrongStatus() {
    // haproxy 2.6 with disable-on-404: a DOWN server answering 404 shows `L7STS 404` and stays
    // down; "a stopped server will stay stopped even if it replies 404s".
    var machine = CheckStateMachine(settings: Self.settings())
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    let events = machine.healthCheckCompleted(Self.notFound)
    let wrong = CheckOutcome(status: .layer7WrongStatus, code: 404, info: "Not Found")
    #expect(events == [.checkReported(wrong, health: "0/3 DOWN")])
    #expect(machine.displayedStatus == "DOWN")
  }

  @Test func agentDownTakesTheServerDownAndOnlyAgentUpBringsItBack() {
    // haproxy 2.6: 'down #broken disk' → "is DOWN, reason: Layer7 wrong status, code: 0,
    // info: "via agent : down (broken disk)""; 'up' → "is UP ... info: "via agent : up"".
    var machine = CheckStateMachine(settings: Self.settings(agent: true))
    _ = machine.healthCheckCompleted(Self.pass)
    let down = Self.agent("down #broken disk\n")
    #expect(down.info == "via agent : down (broken disk)")
    #expect(machine.agentCompleted(down) == [.wentDown(down)])
    #expect(machine.displayedStatus == "DOWN (agent)")
    // Health checks keep passing: still down.
    #expect(machine.healthCheckCompleted(Self.pass).isEmpty)
    #expect(machine.target.isUp == false)
    // A failed connection to the agent changes nothing.
    #expect(machine.agentCompleted(CheckOutcome(status: .layer4ConnectionProblem)).isEmpty)
    let up = Self.agent("up\n")
    #expect(machine.agentCompleted(up) == [.wentUp(up)])
    #expect(machine.target.isUp)
  }

  @Test func agentUpDoesNotOverrideFailingHealthChecks() {
    var machine = CheckStateMachine(settings: Self.settings(agent: true))
    _ = machine.healthCheckCompleted(Self.fail)
    #expect(machine.agentCompleted(Self.agent("up\n")).isEmpty)
    #expect(machine.target.isUp == false)
  }

  @Test func agentDrainWeightAndReady() {
    // haproxy 2.6, weight 10: 'drain' → DRAIN; '50%' → weight 5, still DRAIN; 'up' → still
    // DRAIN; 'ready' → UP with weight 5; '30%' → 3; '3' and 'weight:4' change nothing.
    var machine = CheckStateMachine(settings: Self.settings(agent: true, weight: 10))
    #expect(machine.agentCompleted(Self.agent("drain\n")) == [.enteredDrain])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.displayedStatus == "DRAIN")
    #expect(machine.agentCompleted(Self.agent("50%\n")) == [.remainedInDrain])
    #expect(machine.weight == 5)
    _ = machine.agentCompleted(Self.agent("up\n"))
    #expect(machine.displayedStatus == "DRAIN")
    #expect(machine.agentCompleted(Self.agent("ready\n")) == [.leftDrain])
    #expect(machine.target == ServerTarget(isUp: true, weight: 5))
    _ = machine.agentCompleted(Self.agent("30%\n"))
    #expect(machine.target.weight == 3)
    _ = machine.agentCompleted(Self.agent("3\n"))
    _ = machine.agentCompleted(Self.agent("weight:4\n"))
    #expect(machine.target.weight == 3)
    _ = machine.agentCompleted(Self.agent("DRAIN,100%\n"))
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.weight == 10)
  }

  @Test func agentMaintenanceStopsHealthChecksAndReadyRestartsThemAtRise() {
    // haproxy 2.6: 'maint' → "is going DOWN for maintenance"; 'ready' → "is UP/READY (leaving
    // forced maintenance)", and the server is up at rise (checked again at once).
    var machine = CheckStateMachine(settings: Self.settings(agent: true))
    _ = machine.healthCheckCompleted(Self.pass)
    #expect(machine.agentCompleted(Self.agent("up maint\n")) == [.enteredMaintenance])
    #expect(machine.displayedStatus == "MAINT")
    #expect(machine.target.isUp == false)
    #expect(machine.runsHealthChecks == false)
    #expect(machine.healthCheckCompleted(Self.fail).isEmpty)
    #expect(machine.agentCompleted(Self.agent("ready 0%\n")) == [.leftMaintenance])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.displayedStatus == "UP 1/2")
  }

  @Test func agentReplyWithoutLineEndChangesNothing() {
    // haproxy 2.6: an agent that sends 'stopped' and closes without a newline: "No status change".
    var machine = CheckStateMachine(settings: Self.settings(agent: true))
    #expect(machine.agentCompleted(Self.agent("stopped")).isEmpty)
    #expect(machine.target.isUp)
  }

  @Test func agentWithoutHealthCheck() {
    var settings = Self.settings(agent: true)
    settings.healthCheck = false
    var machine = CheckStateMachine(settings: settings)
    #expect(machine.displayedStatus == "UP")
    #expect(machine.agentCompleted(Self.agent("fail\n")).count == 1)
    #expect(machine.displayedStatus == "DOWN (agent)")
    #expect(machine.agentCompleted(Self.agent("up\n")).count == 1)
    #expect(machine.target.isUp)
  }

  /// The outcome of an agent check that read `text`.
  static func agent(_ text: String) -> CheckOutcome {
    let verdict = ExpectEvaluator().evaluate(
      CheckExpectation(.agentReply), received: Array(text.utf8), complete: true)
    guard case .passed(let outcome?, _) = verdict else { return CheckOutcome(status: .layer4OK) }
    return outcome
  }
}
