import FulcrumProxy
import Testing

/// HAProxy's `freq_ctr` over one-second periods: the rate slides as the previous period's
/// count is weighted by what remains of the current one, and the delay says when one more
/// event fits a limit. Times are nanoseconds on a manual clock.
@Suite struct EventRateWindowTests {
  static let second: Int64 = 1_000_000_000
  static let millisecond: Int64 = 1_000_000

  static func window(events: Int, at time: Int64) -> EventRateWindow {
    (0..<events).reduce(EventRateWindow()) { window, _ in window.recording(at: time) }
  }

  @Test func roomUntilTheLimitWithinOnePeriod() {
    var window = EventRateWindow()
    for _ in 0..<9 { window = window.recording(at: 100 * Self.millisecond) }
    #expect(window.delayBeforeRoom(limit: 10, at: 100 * Self.millisecond) == 0)
    window = window.recording(at: 100 * Self.millisecond)
    // Ten in this period: nothing more until the next one begins.
    #expect(window.delayBeforeRoom(limit: 10, at: 100 * Self.millisecond) == 900 * Self.millisecond)
  }

  @Test func thePreviousPeriodWeighsWhatRemainsOfThisOne() {
    // Ten events late in period 0; at 1.0 s the rate is still 10, at 1.5 s it is 5.
    let window = Self.window(events: 10, at: 900 * Self.millisecond)
    #expect(window.at(Self.second).current == 0)
    #expect(window.at(Self.second).previous == 10)
    #expect(window.delayBeforeRoom(limit: 10, at: Self.second) == 100 * Self.millisecond)
    // With a limit of 6: 10 × (1 - e) + 1 ≤ 6 once half the period has gone.
    #expect(window.delayBeforeRoom(limit: 6, at: Self.second) == 500 * Self.millisecond)
    #expect(window.delayBeforeRoom(limit: 6, at: Self.second + 500 * Self.millisecond) == 0)
  }

  @Test func aQuietPeriodForgetsEverything() {
    let window = Self.window(events: 50, at: 0)
    #expect(window.delayBeforeRoom(limit: 10, at: 2 * Self.second) == 0)
    #expect(window.at(2 * Self.second) == EventRateWindow(periodIndex: 2))
  }

  @Test func theDelayIsAtLeastAMillisecond() {
    // 10 previous, limit 10, 1 ns before the period's end: the rate just has room.
    let window = Self.window(events: 10, at: 0)
    #expect(window.delayBeforeRoom(limit: 10, at: 2 * Self.second - 1) == 0)
    let late = window.delayBeforeRoom(limit: 10, at: Self.second + 1)
    #expect(late >= Self.millisecond)
  }

  @Test func countsSaturate() {
    let full = EventRateWindow(periodIndex: 0, current: EventRateWindow.maximumCount)
    #expect(full.recording(at: 0).current == EventRateWindow.maximumCount)
  }

  /// The shared form packs the window into one word and reads it back by the clock.
  @Test func sharedRateKeepsTheWindowAcrossPeriods() {
    let rate = SharedEventRate(limit: 3)
    let start = 5_000 * Self.second + 200 * Self.millisecond
    for _ in 0..<3 { rate.record(at: start) }
    #expect(rate.delayBeforeRoom(at: start) == 800 * Self.millisecond)
    // Next period: 1 + 3 × (1 - e) ≤ 3 once a third of it has gone.
    let next = 5_001 * Self.second
    #expect(rate.delayBeforeRoom(at: next) == 333_333_334)
    #expect(rate.delayBeforeRoom(at: next + 334 * Self.millisecond) == 0)
    rate.record(at: next + 700 * Self.millisecond)
    #expect(rate.delayBeforeRoom(at: 5_003 * Self.second) == 0)
  }
}
