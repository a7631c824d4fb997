import FulcrumProxy
import Testing

/// The tick-based inactivity timeout: expires after a whole period without activity.
@Suite struct InactivityTimeoutTests {
  @Test func expiresAfterAFullPeriodOfIdleTicks() {
    var timeout = InactivityTimeout(initialActivity: 0)
    for _ in 1..<InactivityTimeout.ticksPerPeriod {
      #expect(timeout.tick(activity: 0) == .keepWaiting)
    }
    #expect(timeout.tick(activity: 0) == .expire)
  }

  @Test func activityRestartsTheCount() {
    var timeout = InactivityTimeout(initialActivity: 0)
    #expect(timeout.tick(activity: 0) == .keepWaiting)
    #expect(timeout.tick(activity: 0) == .keepWaiting)
    #expect(timeout.tick(activity: 5) == .keepWaiting)
    for _ in 1..<InactivityTimeout.ticksPerPeriod {
      #expect(timeout.tick(activity: 5) == .keepWaiting)
    }
    #expect(timeout.tick(activity: 5) == .expire)
  }

  @Test func counterWrapAroundIsStillActivity() {
    var timeout = InactivityTimeout(initialActivity: .max)
    #expect(timeout.tick(activity: 0) == .keepWaiting)
  }
}
