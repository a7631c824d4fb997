import FulcrumHealth
import FulcrumTestSupport
import Testing

/// Check intervals by state (`inter`, `fastinter`, `downinter`), the grid of check start times
/// on a manual clock, the start-up spread and `spread-checks`.
@Suite struct CheckScheduleTests {
  static func settings(
    fast: Duration? = .milliseconds(500), down: Duration? = .seconds(10)
  ) -> CheckStateMachine.Settings {
    var settings = CheckStateMachine.Settings()
    settings.rise = 2
    settings.fall = 2
    settings.interval = .seconds(2)
    settings.fastInterval = fast
    settings.downInterval = down
    return settings
  }

  @Test func intervalFollowsTheState() {
    var machine = CheckStateMachine(settings: Self.settings())
    // Not checked yet (health at rise, going down): fastinter.
    #expect(machine.healthCheckInterval == .milliseconds(500))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4OK))
    #expect(machine.healthCheckInterval == .seconds(2))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    // Going down.
    #expect(machine.healthCheckInterval == .milliseconds(500))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    #expect(machine.healthCheckInterval == .seconds(10))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4OK))
    // Going up.
    #expect(machine.healthCheckInterval == .milliseconds(500))
  }

  @Test func withoutFastOrDownIntervalsInterIsUsed() {
    var machine = CheckStateMachine(settings: Self.settings(fast: nil, down: nil))
    #expect(machine.healthCheckInterval == .seconds(2))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer4ConnectionProblem))
    #expect(machine.healthCheckInterval == .seconds(2))
  }

  @Test func timelineOnAManualClock() {
    // inter 2s, fastinter 500ms, downinter 10s, rise 2, fall 2; the server fails from t=0,
    // then passes from t=12.5s. Each check takes 10ms.
    var machine = CheckStateMachine(settings: Self.settings())
    var random = SystemRandomNumberGenerator()
    var now: Duration = .zero
    var log: [String] = []
    for _ in 0..<6 {
      let start = now
      now += .milliseconds(10)
      let failing = start < .milliseconds(12_500)
      let outcome = CheckOutcome(status: failing ? .layer4ConnectionProblem : .layer4OK)
      for event in machine.healthCheckCompleted(outcome) {
        if case .wentDown = event { log.append("down@\(start)") }
        if case .wentUp = event { log.append("up@\(start)") }
      }
      now = machine.nextHealthCheck(startedAt: start, now: now, random: &random)
      log.append("next@\(now)")
    }
    #expect(
      log == [
        "down@0.0 seconds", "next@10.0 seconds", "next@20.0 seconds", "next@20.5 seconds", "up@20.5 seconds",
        "next@22.5 seconds", "next@24.5 seconds", "next@26.5 seconds",
      ])
  }

  @Test func nextSkipsSlotsAlreadyPassed() {
    #expect(CheckSchedule.next(after: .zero, interval: .seconds(2), now: .milliseconds(100)) == .seconds(2))
    #expect(CheckSchedule.next(after: .zero, interval: .seconds(2), now: .seconds(2)) == .seconds(4))
    #expect(CheckSchedule.next(after: .zero, interval: .seconds(2), now: .milliseconds(5_100)) == .seconds(6))
  }

  @Test func startUpSpreadUsesTheSmallestIntervalOfAtLeastASecond() {
    // haproxy 2.6, three servers with inter 10s: first checks at 0, 3.33s, 6.67s.
    let offsets = CheckSchedule.initialOffsets(intervals: [.seconds(10), .seconds(10), .seconds(10)])
    #expect(offsets[0] == .zero)
    #expect(offsets[1] > .milliseconds(3_333) && offsets[1] < .milliseconds(3_334))
    #expect(offsets[2] > .milliseconds(6_666) && offsets[2] < .milliseconds(6_667))
    // Short intervals start together.
    #expect(CheckSchedule.initialOffsets(intervals: [.milliseconds(300), .milliseconds(300)]) == [.zero, .zero])
    #expect(
      CheckSchedule.initialOffsets(intervals: [.milliseconds(300), .seconds(4)]) == [.zero, .seconds(2)])
  }

  /// `max-spread-checks 2s`: ten servers at inter 10s start within 2 s; a smaller interval
  /// is kept.
  @Test func maxSpreadChecksBoundsTheStartUpSpread() {
    let offsets = CheckSchedule.initialOffsets(
      intervals: Array(repeating: .seconds(10), count: 10), maxSpread: .seconds(2))
    #expect(offsets[1] == .milliseconds(200))
    #expect(offsets[9] == .milliseconds(1_800))
    #expect(
      CheckSchedule.initialOffsets(intervals: [.seconds(1), .seconds(1)], maxSpread: .seconds(2)) == [
        .zero, .milliseconds(500),
      ])
  }

  @Test func spreadChecksStaysWithinThePercentage() {
    var random = SplitMix64(seed: 42)
    let interval = Duration.seconds(2)
    let spread = (0..<1_000).map { _ in CheckSchedule.spread(interval, percent: 10, using: &random) }
    #expect(spread.allSatisfy { $0 >= .milliseconds(1_800) && $0 <= .milliseconds(2_200) })
    #expect(spread.contains { $0 < .milliseconds(1_850) })
    #expect(spread.contains { $0 > .milliseconds(2_150) })
    var any = SystemRandomNumberGenerator()
    #expect(CheckSchedule.spread(interval, percent: 0, using: &any) == interval)
  }
}
