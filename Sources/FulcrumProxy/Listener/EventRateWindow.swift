/// A count of events per one-second period, as HAProxy's `freq_ctr` keeps it: the events of
/// the current period and of the one before. The rate at a moment is the current count plus
/// the previous one weighted by what remains of the current period, so it slides smoothly
/// and a burst is seen at once. Pure value; times are nanoseconds on a monotonic clock given
/// by the caller (tests use a manual one).
public struct EventRateWindow: Sendable, Equatable {
  public static let period: Int64 = 1_000_000_000
  /// The largest count kept per period: a count saturates there (the packed form keeps 20
  /// bits per count).
  public static let maximumCount = (1 << 20) - 1

  /// The index of the current period (time / period).
  public private(set) var periodIndex: Int64
  public private(set) var current: Int
  public private(set) var previous: Int

  public init(periodIndex: Int64 = 0, current: Int = 0, previous: Int = 0) {
    self.periodIndex = periodIndex
    self.current = current
    self.previous = previous
  }

  /// The window as it stands at `now`: moved on by the periods that have passed.
  public func at(_ now: Int64) -> EventRateWindow {
    let index = now / Self.period
    if index == periodIndex { return self }
    if index == periodIndex + 1 { return EventRateWindow(periodIndex: index, current: 0, previous: current) }
    // Two periods or more without events (or a clock before this window's: start afresh).
    return EventRateWindow(periodIndex: index, current: 0, previous: 0)
  }

  /// One more event at `now`.
  public func recording(at now: Int64) -> EventRateWindow {
    var moved = at(now)
    moved.current = min(moved.current + 1, Self.maximumCount)
    return moved
  }

  /// How long from `now` until one more event keeps the rate within `limit` per second: 0
  /// when it does already. At least a millisecond otherwise; the caller looks again then.
  public func delayBeforeRoom(limit: Int, at now: Int64) -> Int64 {
    let window = at(now)
    let elapsed = now - window.periodIndex * Self.period
    let remaining = Self.period - elapsed
    let limit = Int64(limit)
    let current = Int64(window.current)
    let previous = Int64(window.previous)
    // rate × period, with the event to come.
    if (current + 1) * Self.period + previous * remaining <= limit * Self.period { return 0 }
    // Too many in this period alone: the next one starts with them as its previous count.
    if current + 1 > limit { return remaining }
    // The previous period's weight falls as this one goes on: find when it leaves room.
    let allowed = limit - current - 1
    let target = Self.period - (Self.period * allowed) / previous
    return max(target - elapsed, 1_000_000)
  }
}
