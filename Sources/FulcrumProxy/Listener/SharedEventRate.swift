import Atomics

/// A rate limit shared by listeners on any event loop (`maxconnrate`/`maxsessrate` for the
/// process, `rate-limit sessions` for a frontend): an ``EventRateWindow`` packed into one
/// atomic word (period index 24 bits, current and previous counts 20 bits each), updated by
/// compare-and-exchange, so counting an accepted connection takes no lock. Counts saturate at
/// ``EventRateWindow/maximumCount`` per second.
public final class SharedEventRate: Sendable {
  public let limit: Int
  private let word = ManagedAtomic<UInt64>(0)

  public init(limit: Int) {
    self.limit = limit
  }

  /// Counts one event at `now` (nanoseconds, monotonic).
  public func record(at now: Int64) {
    var old = word.load(ordering: .relaxed)
    while true {
      let new = Self.pack(Self.unpack(old, near: now).recording(at: now))
      let (exchanged, original) = word.compareExchange(
        expected: old, desired: new, ordering: .relaxed)
      if exchanged { return }
      old = original
    }
  }

  /// Nanoseconds from `now` until one more event keeps within the limit; 0 when it does.
  public func delayBeforeRoom(at now: Int64) -> Int64 {
    Self.unpack(word.load(ordering: .relaxed), near: now).delayBeforeRoom(limit: limit, at: now)
  }

  private static let countBits: UInt64 = 20
  private static let countMask: UInt64 = (1 << countBits) - 1
  private static let indexMask: UInt64 = (1 << 24) - 1

  static func pack(_ window: EventRateWindow) -> UInt64 {
    (UInt64(truncatingIfNeeded: window.periodIndex) & indexMask) << (2 * countBits)
      | UInt64(window.current) << countBits | UInt64(window.previous)
  }

  /// The window a word holds, its period index restored from the low 24 bits to the one
  /// closest to `now` (a word is never more than a few periods behind; an older one reads as
  /// empty, which it would be).
  static func unpack(_ word: UInt64, near now: Int64) -> EventRateWindow {
    let nowIndex = now / EventRateWindow.period
    let low = Int64(word >> (2 * countBits) & indexMask)
    var index = (nowIndex & ~Int64(indexMask)) | low
    if index > nowIndex { index -= Int64(indexMask) + 1 }
    guard word != 0 else { return EventRateWindow(periodIndex: nowIndex) }
    return EventRateWindow(
      periodIndex: index, current: Int(word >> countBits & countMask), previous: Int(word & countMask))
  }
}
