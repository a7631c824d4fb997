/// A server's sessions and queue as a state change leaves them, for the end of its log line:
/// the sessions it serves, those moved by the change (taken from the backend's queue coming
/// up, sent to choose again going down), and those still waiting in its own queue.
/// Immutable value; any thread.
public struct ServerQueueReport: Sendable, Equatable {
  public var active: Int
  public var requeued: Int
  public var queued: Int

  public init(active: Int = 0, requeued: Int = 0, queued: Int = 0) {
    self.active = active
    self.requeued = requeued
    self.queued = queued
  }
}
