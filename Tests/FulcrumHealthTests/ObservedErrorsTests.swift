import FulcrumHealth
import Testing

/// `observe` + `error-limit` + `on-error`: what the check state machine does when the data plane
/// reports `error-limit` consecutive errors, checked against haproxy 2.6 (rise 2, fall 3,
/// `option log-health-checks`, three 500s through `observe layer7 error-limit 3`):
///
///     fail-check:   Health check for server b/s1 failed, reason: Health analyze, info: "Detected
///                   3 consecutive errors, last one was: Wrong http response", status: 2/3 UP.
///     sudden-death: ... status: 1/3 UP.
///     mark-down:    ... status: 0/2 DOWN.   then   Server b/s1 is DOWN. 0 active and ...
///     fastinter:    no line; the next check comes `fastinter` after the errors.
@Suite struct ObservedErrorsTests {
  static func machine(_ onError: CheckStateMachine.OnError, fastInterval: Duration? = nil) -> CheckStateMachine {
    var settings = CheckStateMachine.Settings()
    settings.rise = 2
    settings.fall = 3
    settings.onError = onError
    settings.interval = .seconds(5)
    settings.fastInterval = fastInterval
    settings.downInterval = .seconds(30)
    var machine = CheckStateMachine(settings: settings)
    // Fully up, as after a first good check.
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7OK, code: 200))
    return machine
  }

  static let errors = CheckOutcome.observedErrors(count: 3, last: "Wrong http response")

  @Test func theOutcomeReadsAsHAProxysWithoutCheckDuration() {
    #expect(Self.errors.status.name == "HANA")
    #expect(
      Self.errors.reason
        == "reason: Health analyze, info: \"Detected 3 consecutive errors, last one was: Wrong http response\"")
    #expect(Self.errors.status.verdict == .failed)
    #expect(!Self.errors.status.carriesData)
  }

  @Test func failCheckCountsOneFailedCheck() {
    var machine = Self.machine(.failCheck)
    #expect(machine.observedErrorsReachedLimit(Self.errors) == [.checkReported(Self.errors, health: "2/3 UP")])
    #expect(machine.displayedStatus == "UP 2/3")
    #expect(machine.target.isUp)
  }

  @Test func suddenDeathLeavesTheServerOneFailureFromDown() {
    var machine = Self.machine(.suddenDeath)
    #expect(machine.observedErrorsReachedLimit(Self.errors) == [.checkReported(Self.errors, health: "1/3 UP")])
    #expect(machine.displayedStatus == "UP 1/3")
    let fail = CheckOutcome(status: .layer7WrongStatus, code: 500)
    #expect(machine.healthCheckCompleted(fail) == [.checkReported(fail, health: "0/2 DOWN"), .wentDown(fail)])
  }

  @Test func suddenDeathOnAServerAlreadyGoingDownCountsOneFailure() {
    var machine = Self.machine(.suddenDeath)
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    #expect(machine.displayedStatus == "UP 1/3")
    let events = machine.observedErrorsReachedLimit(Self.errors)
    #expect(events == [.checkReported(Self.errors, health: "0/2 DOWN"), .wentDown(Self.errors)])
  }

  @Test func markDownTakesTheServerDownAtOnce() {
    var machine = Self.machine(.markDown)
    let events = machine.observedErrorsReachedLimit(Self.errors)
    #expect(events == [.checkReported(Self.errors, health: "0/2 DOWN"), .wentDown(Self.errors)])
    #expect(machine.displayedStatus == "DOWN")
    #expect(!machine.target.isUp)
    // Two good checks (rise) bring it back.
    let pass = CheckOutcome(status: .layer7OK, code: 200)
    _ = machine.healthCheckCompleted(pass)
    #expect(machine.displayedStatus == "DOWN 1/2")
    #expect(machine.healthCheckCompleted(pass).contains(.wentUp(pass)))
  }

  @Test func markDownOnADownServerChangesNothingButIsReported() {
    var machine = Self.machine(.markDown)
    _ = machine.observedErrorsReachedLimit(Self.errors)
    #expect(machine.observedErrorsReachedLimit(Self.errors) == [.checkReported(Self.errors, health: "0/2 DOWN")])
    #expect(machine.displayedStatus == "DOWN")
  }

  @Test func fastinterLeavesTheStateAlone() {
    var machine = Self.machine(.fastInter, fastInterval: .seconds(1))
    #expect(machine.observedErrorsReachedLimit(Self.errors).isEmpty)
    #expect(machine.displayedStatus == "UP")
  }

  @Test func theNextCheckComesWithinFastinterAndIsNeverDelayed() {
    let machine = Self.machine(.fastInter, fastInterval: .seconds(1))
    // Errors at 19.6 s with the next check due at 23.7 s: it runs at 20.6 s (haproxy 2.6).
    #expect(
      machine.healthCheckAfterObservedErrors(scheduled: .milliseconds(23_700), now: .milliseconds(19_600))
        == .milliseconds(20_600))
    #expect(
      machine.healthCheckAfterObservedErrors(scheduled: .milliseconds(20_000), now: .milliseconds(19_600))
        == .milliseconds(20_000))
    // Without fastinter the schedule stays.
    let plain = Self.machine(.failCheck)
    #expect(plain.healthCheckAfterObservedErrors(scheduled: .seconds(9), now: .seconds(5)) == .seconds(9))
  }

  @Test func noHealthCheckNoEffect() {
    var settings = CheckStateMachine.Settings()
    settings.healthCheck = false
    settings.agent = true
    settings.onError = .markDown
    var machine = CheckStateMachine(settings: settings)
    #expect(machine.observedErrorsReachedLimit(Self.errors).isEmpty)
    #expect(machine.target.isUp)
  }
}
