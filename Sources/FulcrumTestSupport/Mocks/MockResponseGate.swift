import Foundation

/// Holds a mock server's answers until the test lets them go, one `open(_:)` credit per answer,
/// and records how many requests were waiting at most: what a test of server `maxconn`
/// compares with the limit. Shared by the server's event loop and the test (locked; test
/// bookkeeping only).
public final class MockResponseGate: @unchecked Sendable {
  private let lock = NSLock()
  private var waiting: [@Sendable () -> Void] = []
  private var credits = 0
  private var held = 0
  private var mostHeld = 0
  private var answered = 0

  public init() {}

  /// Requests held right now (received, not yet answered).
  public var holding: Int { lock.withLock { held } }
  /// The most requests held at the same time so far.
  public var maximumHeld: Int { lock.withLock { mostHeld } }
  /// Answers let go so far.
  public var released: Int { lock.withLock { answered } }

  /// Lets `count` more answers go, oldest request first (credits are kept for requests still
  /// to come).
  public func open(_ count: Int = 1) {
    let ready: [@Sendable () -> Void] = lock.withLock {
      credits += count
      let taken = Array(waiting.prefix(credits))
      waiting.removeFirst(taken.count)
      credits -= taken.count
      held -= taken.count
      answered += taken.count
      return taken
    }
    for answer in ready { answer() }
  }

  /// Waits (polling, no fixed sleep) until `count` requests are held; false at the deadline.
  public func waitUntilHolding(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if holding >= count { return true }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return holding >= count
  }

  /// A request arrived: `answer` runs when a credit lets it go (now, if one is left).
  func hold(_ answer: @escaping @Sendable () -> Void) {
    let now: Bool = lock.withLock {
      if credits > 0 {
        credits -= 1
        answered += 1
        mostHeld = max(mostHeld, held + 1)
        return true
      }
      held += 1
      mostHeld = max(mostHeld, held)
      waiting.append(answer)
      return false
    }
    if now { answer() }
  }
}
