import Atomics

/// A `maxconn` counter shared by every listener it governs (a frontend's, and the process's
/// global one). Incremented when a connection is accepted, decremented when it closes, from
/// whichever loop owns it, without locks. `nil` limit means unlimited.
public final class ConnectionLimit: Sendable {
  public let limit: Int?
  private let current = ManagedAtomic<Int>(0)

  public init(limit: Int?) {
    self.limit = limit
  }

  public var count: Int { current.load(ordering: .relaxed) }

  public var hasRoom: Bool {
    guard let limit else { return true }
    return current.load(ordering: .sequentiallyConsistent) < limit
  }

  func acquire() { current.wrappingIncrement(ordering: .relaxed) }

  /// Sequentially consistent, as `hasRoom`'s load: `AcceptLimiter` relies on a release being
  /// seen by a listener that checks after raising its flag.
  func release() { current.wrappingDecrement(ordering: .sequentiallyConsistent) }
}
