/// When checks run, as HAProxy schedules them: the first checks of all servers are spread over
/// the smallest interval of at least a second, each next check is one interval after the
/// previous one started, and `spread-checks` adds up to ±N% of noise. Pure functions; any
/// thread.
public enum CheckSchedule {
  /// Intervals shorter than this do not set the start-up spread (HAProxy's threshold), so a
  /// fast check does not squeeze every other one.
  static let spreadThreshold: Duration = .seconds(1)

  /// The delay before the first run of each check, in the order given: check `i` of `n` waits
  /// `i/n` of the smallest interval that is at least a second (0 when there is none), that
  /// interval bounded by `maxSpread` (`max-spread-checks`) when set.
  public static func initialOffsets(intervals: [Duration], maxSpread: Duration? = nil) -> [Duration] {
    let count = intervals.count
    guard count > 0 else { return [] }
    let eligible = intervals.filter { $0 >= spreadThreshold }
    guard var smallest = eligible.min() else { return Array(repeating: .zero, count: count) }
    if let maxSpread, maxSpread > .zero, smallest > maxSpread { smallest = maxSpread }
    return (0..<count).map { index in smallest * index / count }
  }

  /// `interval` with `spread-checks` noise: uniform within ±`percent`% of it.
  public static func spread(
    _ interval: Duration, percent: Int, using random: inout some RandomNumberGenerator
  ) -> Duration {
    guard percent > 0 else { return interval }
    let nanoseconds = interval.nanoseconds
    let range = nanoseconds * Int64(percent) / 100
    guard range > 0 else { return interval }
    return .nanoseconds(nanoseconds + Int64.random(in: -range...range, using: &random))
  }

  /// The first slot after `start` on a grid of `interval`s that is later than `now`.
  public static func next(after start: Duration, interval: Duration, now: Duration) -> Duration {
    guard interval > .zero else { return now }
    var next = start + interval
    if next <= now {
      let missed = (now - next).nanoseconds / interval.nanoseconds + 1
      next += interval * Int(missed)
    }
    return next
  }
}

extension Duration {
  /// The duration in whole nanoseconds.
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
