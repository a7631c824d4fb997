import Atomics

/// The consecutive errors of each observed server of one backend, counted across every event
/// loop as HAProxy counts them (one count per server), and what to do when one reaches its
/// `error-limit`. Shared by the backend's observers on every loop; lock-free.
///
/// A success only reads the count and writes it only when a run of errors is to be ended, so
/// the steady state of a healthy server is a shared read of one cache line, never a write.
public final class ObservedErrorCounters: Sendable {
  private let counts: [ManagedAtomic<Int>]
  private let limits: [Int]
  /// Called with (server, count, last error's description) when a count reaches its limit;
  /// the count starts again from 0.
  private let reachedLimit: @Sendable (Int, Int, String) -> Void

  public init(limits: [Int], reachedLimit: @escaping @Sendable (Int, Int, String) -> Void) {
    counts = limits.map { _ in ManagedAtomic(0) }
    self.limits = limits
    self.reachedLimit = reachedLimit
  }

  /// Ends a run of errors on `server`.
  @inline(__always)
  func recordSuccess(on server: Int) {
    let count = counts[server]
    if count.load(ordering: .relaxed) != 0 { count.store(0, ordering: .relaxed) }
  }

  /// One more consecutive error on `server`; at its limit, the count is reset and reported
  /// once, whichever loop got there first.
  func recordError(_ outcome: ObservedOutcome, on server: Int) {
    let count = counts[server].wrappingIncrementThenLoad(ordering: .relaxed)
    guard count >= limits[server] else { return }
    guard counts[server].compareExchange(expected: count, desired: 0, ordering: .relaxed).exchanged else { return }
    reachedLimit(server, count, outcome.description)
  }

  /// The current count (tests).
  public func consecutiveErrors(on server: Int) -> Int { counts[server].load(ordering: .relaxed) }
}
