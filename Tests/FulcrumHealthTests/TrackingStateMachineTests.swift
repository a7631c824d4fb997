import FulcrumConfig
import FulcrumHealth
import FulcrumTestSupport
import Testing

/// `track`: how a tracking server follows the server it tracks (the events haproxy 2.6 logs,
/// in its order), and how plans resolve tracking chains.
@Suite struct TrackingStateMachineTests {
  static func condition(
    _ operational: CheckStateMachine.Operational = .running, draining: Bool = false, maintenance: Bool = false
  ) -> TrackedCondition {
    TrackedCondition(operational: operational, draining: draining, inMaintenance: maintenance)
  }

  @Test func followsDownUpAndStopping() {
    var machine = TrackingStateMachine(via: "b/b1", weight: 7, isDisabled: false, initial: .running)
    #expect(machine.target == ServerTarget(isUp: true, weight: 7))
    #expect(machine.follow(Self.condition(.stopped)) == [.tracked(.wentDown, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: false, weight: 7))
    #expect(machine.displayedStatus == "DOWN")
    #expect(machine.follow(Self.condition(.stopped)) == [])
    #expect(machine.follow(Self.condition(.running)) == [.tracked(.wentUp, via: "b/b1")])
    // NOLB: up, but no new sessions.
    #expect(machine.follow(Self.condition(.stopping)) == [.tracked(.startedStopping, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.displayedStatus == "NOLB")
    #expect(machine.follow(Self.condition(.running)) == [.tracked(.wentUp, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 7))
  }

  /// `agent-check` on a tracking server, as haproxy 2.6.12 runs it: the agent's `down` and `up`
  /// are logged as if the tracked server had moved, only when the server's place changes;
  /// drain and weight are the agent's own.
  @Test func theServersOwnAgentTakesItDownDrainsAndWeighsIt() {
    var machine = TrackingStateMachine(via: "b/b1", weight: 4, isDisabled: false, initial: .running, hasAgent: true)
    let down = CheckOutcome(status: .layer7WrongStatus)
    #expect(
      machine.agentReported(Self.condition(.stopped), weight: 4, events: [.wentDown(down)])
        == [.tracked(.wentDown, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: false, weight: 4))
    // The tracked server moving changes nothing while the agent holds the server down.
    #expect(machine.follow(Self.condition(.stopped)) == [])
    #expect(machine.follow(Self.condition(.running)) == [])
    #expect(machine.target.isUp == false)
    // The agent says up again: the server comes back, worded as haproxy words it.
    #expect(
      machine.agentReported(Self.condition(), weight: 4, events: [.wentUp(CheckOutcome(status: .layer7OK))])
        == [.tracked(.wentUp, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 4))
    // Up from the agent while the tracked server is down: still down, nothing logged.
    _ = machine.follow(Self.condition(.stopped))
    _ = machine.agentReported(Self.condition(.stopped), weight: 4, events: [.wentDown(down)])
    #expect(
      machine.agentReported(Self.condition(), weight: 4, events: [.wentUp(CheckOutcome(status: .layer7OK))]) == [])
    #expect(machine.follow(Self.condition()) == [.tracked(.wentUp, via: "b/b1")])
    // Drain and `50%` are the agent's own.
    let drained = machine.agentReported(Self.condition(draining: true), weight: 2, events: [.enteredDrain])
    #expect(drained == [.enteredDrain])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.displayedStatus == "DRAIN")
    #expect(machine.agentReported(Self.condition(), weight: 2, events: [.leftDrain]) == [.leftDrain])
    #expect(machine.target == ServerTarget(isUp: true, weight: 2))
    #expect(machine.condition == Self.condition())
  }

  @Test func followsDrainAndMaintenanceKeepingItsWeight() {
    var machine = TrackingStateMachine(via: "b/b1", weight: 7, isDisabled: false, initial: .running)
    #expect(machine.follow(Self.condition(draining: true)) == [.tracked(.enteredDrain, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
    #expect(machine.displayedStatus == "DRAIN")
    #expect(machine.follow(Self.condition()) == [.tracked(.leftDrain, via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 7))

    #expect(machine.follow(Self.condition(maintenance: true)) == [.tracked(.enteredMaintenance, via: "b/b1")])
    #expect(machine.target.isUp == false)
    #expect(machine.displayedStatus == "MAINT (via b/b1)")
    // Checks do not run in maintenance: nothing else shows until it ends.
    #expect(machine.follow(Self.condition(.stopped, maintenance: true)) == [])
    // Leaving it hides the operational change that comes with it (UP/READY, not also UP).
    #expect(
      machine.follow(Self.condition(.running)) == [.tracked(.leftMaintenance(draining: false), via: "b/b1")])
    #expect(
      machine.follow(Self.condition(draining: true, maintenance: true)) == [.tracked(.enteredMaintenance, via: "b/b1")])
    #expect(
      machine.follow(Self.condition(draining: true)) == [.tracked(.leftMaintenance(draining: true), via: "b/b1")])
    #expect(machine.target == ServerTarget(isUp: true, weight: 0))
  }

  @Test func aDisabledTrackerStaysInMaintenanceAndPassesItOn() {
    var machine = TrackingStateMachine(via: "b/b1", weight: 1, isDisabled: true, initial: .running)
    #expect(machine.follow(Self.condition(.stopped)) == [])
    #expect(machine.target.isUp == false)
    #expect(machine.displayedStatus == "MAINT")
    #expect(machine.condition.inMaintenance)
  }

  @Test func theStateMachineOfACheckedServerGivesItsCondition() {
    var settings = CheckStateMachine.Settings()
    settings.fall = 1
    var machine = CheckStateMachine(settings: settings)
    #expect(machine.condition == .running)
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    #expect(machine.condition == Self.condition(.stopped))
  }

  static func plans(_ text: String) throws -> [BackendHealthPlan] {
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(
      text: """
        defaults
            mode tcp
            timeout connect 1s
            timeout client 5s
            timeout server 5s
        \(text)

        """)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    var plans: [BackendHealthPlan] = []
    for backend in loaded.configuration.proxies where backend.hasBackend && !backend.disabled {
      plans.append(try HealthPlanBuilder(backend: backend, global: loaded.configuration.global).build())
    }
    try BackendHealthPlan.resolveTracking(&plans)
    return plans
  }

  @Test func chainsReachingADisabledServerStartInMaintenance() throws {
    let plans = try Self.plans(
      """
      backend a
          server a1 127.0.0.1:80 track b/b1
          server a2 127.0.0.1:80 track a1
          server a3 127.0.0.1:80 track b/b2
      backend b
          server b1 127.0.0.1:81 check disabled
          server b2 127.0.0.1:81 check
      """)
    let a = plans[0]
    #expect(a.isWatched && !a.hasChecks)
    #expect(a.servers.map(\.tracks?.description) == ["b/b1", "a/a1", "b/b2"])
    #expect(a.servers.map(\.startsInMaintenance) == [true, true, false])
    #expect(a.servers.map(\.initialTarget.isUp) == [false, false, true])
    #expect(a.servers[0].healthCheck == nil && !a.servers[0].isChecked)
  }

  @Test func trackingAServerOfADisabledBackendIsRefused() throws {
    #expect(throws: HealthPlanError.self) {
      _ = try Self.plans(
        """
        backend a
            server a1 127.0.0.1:80 track b/b1
        backend b
            disabled
            server b1 127.0.0.1:81 check
        """)
    }
  }

  @Test func aTrackingServerWithItsOwnAgentRunsIt() throws {
    let plans = try Self.plans(
      """
      backend a
          server a1 127.0.0.1:80 track b/b1 agent-check agent-port 9000
      backend b
          server b1 127.0.0.1:81 check
      """)
    let tracker = try #require(plans.first { $0.name == "a" }?.servers.first)
    #expect(tracker.tracks == TrackedServerKey(backend: "b", server: "b1"))
    #expect(tracker.agent != nil)
    #expect(tracker.isChecked)
    #expect(!tracker.hasHealthCheck)
  }
}
