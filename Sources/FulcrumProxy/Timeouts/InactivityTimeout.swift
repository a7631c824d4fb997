/// Decides when an idle session times out from a counter of activity, instead of reading the
/// clock on every event: a timer ticks `ticksPerPeriod` times per timeout period and looks at
/// the counter; when it has not moved for a whole period's worth of ticks, the session has
/// been idle for at least the timeout and is closed. With 4 ticks per period a session closes
/// between 1 and 1.25 timeouts after its last activity. Pure value type; one per session, on
/// its event loop.
public struct InactivityTimeout: Sendable, Equatable {
  public enum Decision: Sendable, Equatable {
    case keepWaiting
    case expire
  }

  public static let ticksPerPeriod = 4

  private var lastSeen: UInt64
  private var idleTicks = 0

  public init(initialActivity: UInt64) {
    lastSeen = initialActivity
  }

  /// Called on every tick with the current activity count.
  public mutating func tick(activity: UInt64) -> Decision {
    tick(activity: activity, limit: Self.ticksPerPeriod)
  }

  /// The same, expiring after `limit` idle ticks (a session whose timeout changes, e.g. to
  /// `timeout client-fin` once half-closed, ticks at the smaller period and passes the limit
  /// in force).
  public mutating func tick(activity: UInt64, limit: Int) -> Decision {
    if activity != lastSeen {
      lastSeen = activity
      idleTicks = 0
      return .keepWaiting
    }
    idleTicks += 1
    return idleTicks >= limit ? .expire : .keepWaiting
  }
}
