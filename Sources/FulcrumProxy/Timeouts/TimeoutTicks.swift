import NIOCore

/// The arithmetic of tick-driven timeouts (``InactivityTimeout``, ``HTTPSessionTimer``): a timer
/// ticks at a quarter of the smallest timeout it serves, and each timeout is a whole number of
/// those ticks plus one: the ticks are not aligned with the moment a phase starts or activity
/// stops, so the first counted tick may come at once, and the extra one makes a timeout fire
/// between 1× and 1.25× its value, never before it. Pure; any thread.
enum TimeoutTicks {
  /// The period for `timeouts` (zero and unset ones ignored), at least 1 ms; nil if none.
  static func period(for timeouts: [TimeAmount?]) -> TimeAmount? {
    guard let shortest = timeouts.compactMap({ $0 }).filter({ $0.nanoseconds > 0 }).min() else { return nil }
    return .nanoseconds(max(1_000_000, shortest.nanoseconds / Int64(InactivityTimeout.ticksPerPeriod)))
  }

  /// `timeout` in ticks of `period`, rounded up, plus the one the unaligned first tick may
  /// take; nil for no timeout.
  static func count(_ timeout: TimeAmount?, period: TimeAmount) -> Int? {
    guard let timeout, timeout.nanoseconds > 0 else { return nil }
    let tick = max(period.nanoseconds, 1)
    return Int((timeout.nanoseconds + tick - 1) / tick) + 1
  }
}
