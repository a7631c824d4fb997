import NIOCore

/// Decides when an HTTP session has waited too long, from a periodic tick and a counter of
/// activity rather than a clock read per event (see ``InactivityTimeout``). The session tells it
/// which phase it is in; each tick it answers whether that phase's timeout has run out. Waiting
/// for a request head is bounded from the phase's start (`timeout http-request`,
/// `http-keep-alive`), the other phases by inactivity (`timeout server`, `client`, `tunnel`).
/// Pure value type; one per client connection, on its event loop.
public struct HTTPSessionTimer: Sendable, Equatable {
  public enum Phase: Sendable, Equatable {
    /// A new connection waits for its first request.
    case waitingFirstRequest
    /// A keep-alive connection waits for its next request.
    case waitingNextRequest
    /// Part of a request head has arrived.
    case readingHead
    /// The request waits in a queue for a server slot (`timeout queue`, from the phase's start).
    case queued
    /// The request went to a server, whose response has not begun.
    case waitingResponse
    /// Bodies are moving in either direction.
    case transferring
    /// The connection was switched to a tunnel (101, WebSocket).
    case tunnel
    /// Nothing to time (an answer is being flushed before closing).
    case none
  }

  public enum Expiry: Sendable, Equatable {
    /// No complete request head in time: answer 408 and close.
    case request
    /// A keep-alive connection stayed idle: close without a word.
    case keepAlive
    /// The request waited in a queue too long: 503.
    case queue
    /// The server did not answer in time: 504 if nothing was sent yet, else close.
    case server
    /// A transfer or tunnel stalled: close both sides.
    case inactivity
  }

  public private(set) var phase = Phase.none
  /// Shared by every session of a frontend (a reference: the timer stays small).
  private let limits: Limits
  private var elapsed = 0
  private var idle = 0
  private var lastActivity: UInt64 = 0

  /// Each phase's limit in ticks, `nil` for none, computed once per frontend from its
  /// timeouts. Immutable; any thread.
  public final class Limits: Sendable {
    let firstRequest: Int?
    let nextRequest: Int?
    let head: Int?
    let response: Int?
    let transfer: Int?
    let tunnel: Int?
    let queue: Int?

    /// - Parameters:
    ///   - timeouts: the sessions' timeouts.
    ///   - tick: the period `tick(activity:)` is called at.
    public init(timeouts: HTTPTimeouts, tick: TimeAmount) {
      func ticks(_ timeout: TimeAmount?) -> Int? { TimeoutTicks.count(timeout, period: tick) }
      let request = timeouts.httpRequest ?? timeouts.client
      let transfer = [timeouts.client, timeouts.server].compactMap { $0 }.min()
      firstRequest = ticks(request)
      nextRequest = ticks(timeouts.httpKeepAlive ?? request)
      head = ticks(request)
      response = ticks(timeouts.server)
      self.transfer = ticks(transfer)
      tunnel = ticks(timeouts.tunnel ?? transfer)
      queue = ticks(timeouts.queue)
    }
  }

  /// - Parameters:
  ///   - timeouts: the session's timeouts.
  ///   - tick: the period `tick(activity:)` is called at.
  public init(timeouts: HTTPTimeouts, tick: TimeAmount) {
    limits = Limits(timeouts: timeouts, tick: tick)
  }

  /// A timer over limits computed beforehand (a frontend's sessions share them).
  public init(limits: Limits) {
    self.limits = limits
  }

  public static func == (lhs: HTTPSessionTimer, rhs: HTTPSessionTimer) -> Bool {
    lhs.phase == rhs.phase && lhs.limits === rhs.limits && lhs.elapsed == rhs.elapsed && lhs.idle == rhs.idle
      && lhs.lastActivity == rhs.lastActivity
  }

  /// Moves to `phase`, restarting its count.
  public mutating func enter(_ phase: Phase, activity: UInt64) {
    self.phase = phase
    elapsed = 0
    idle = 0
    lastActivity = activity
  }

  /// Called every tick with the session's activity counter.
  public mutating func tick(activity: UInt64) -> Expiry? {
    elapsed &+= 1
    if activity != lastActivity {
      lastActivity = activity
      idle = 0
    } else {
      idle &+= 1
    }
    switch phase {
    case .waitingFirstRequest: return elapsed >= (limits.firstRequest ?? .max) ? .request : nil
    case .waitingNextRequest: return elapsed >= (limits.nextRequest ?? .max) ? .keepAlive : nil
    case .readingHead: return elapsed >= (limits.head ?? .max) ? .request : nil
    case .queued: return elapsed >= (limits.queue ?? .max) ? .queue : nil
    case .waitingResponse: return idle >= (limits.response ?? .max) ? .server : nil
    case .transferring: return idle >= (limits.transfer ?? .max) ? .inactivity : nil
    case .tunnel: return idle >= (limits.tunnel ?? .max) ? .inactivity : nil
    case .none: return nil
    }
  }
}
