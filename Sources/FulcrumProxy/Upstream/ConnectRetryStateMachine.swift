import NIOCore

/// Decides what to do when connecting to a server fails: try the same server again, move to
/// another one (`option redispatch`), or give up, following HAProxy's `retries` and
/// `option redispatch [interval]` rules. Pure value type; one per session, on the session's
/// event loop.
public struct ConnectRetryStateMachine: Sendable, Equatable {
  public enum Action: Sendable, Equatable {
    /// Connect to this server (index into the backend's servers).
    case connect(server: Int)
    /// Ask the selector for another server than this one, then connect to it.
    case redispatch(avoiding: Int)
    /// No attempt left, or no server at all: the session fails (503-like in HTTP, close in TCP).
    case fail
  }

  /// `retries N`: attempts after the first one (HAProxy's default is 3).
  public let retries: Int
  /// `option redispatch [interval]`: `nil` when off; P > 0 redispatches on every Pth retry,
  /// N < 0 on the Nth retry before the end (-1, the bare option's default, is the last), 0 never.
  public let redispatchInterval: Int?
  public private(set) var attemptsMade = 0
  public private(set) var currentServer: Int?

  public init(retries: Int, redispatchInterval: Int?) {
    self.retries = max(0, retries)
    self.redispatchInterval = redispatchInterval
  }

  /// The first attempt, to the server the selector chose.
  public mutating func start(server: Int?) -> Action {
    guard let server else { return .fail }
    attemptsMade = 1
    currentServer = server
    return .connect(server: server)
  }

  /// The attempt to `currentServer` failed (refused, reset or timed out).
  public mutating func connectFailed() -> Action {
    guard let failed = currentServer else { return .fail }
    let retriesDone = attemptsMade - 1
    guard retriesDone < retries else { return .fail }
    attemptsMade += 1
    let retryNumber = retriesDone + 1
    if let interval = redispatchInterval, shouldRedispatch(retryNumber: retryNumber, interval: interval) {
      return .redispatch(avoiding: failed)
    }
    return .connect(server: failed)
  }

  /// How long to wait before `action`: HAProxy's turn-around timer, min(`timeout connect`, 1 s),
  /// before a retry on the same server, so a restarting server is not hammered; nothing before
  /// a redispatch or a first attempt.
  public func delay(before action: Action, connectTimeout: TimeAmount) -> TimeAmount? {
    guard case .connect = action, attemptsMade > 1 else { return nil }
    return min(connectTimeout, .seconds(1))
  }

  /// The selector picked `server` after a redispatch (or none).
  public mutating func redispatched(to server: Int?) -> Action {
    guard let server else { return .fail }
    currentServer = server
    return .connect(server: server)
  }

  private func shouldRedispatch(retryNumber: Int, interval: Int) -> Bool {
    if interval < 0 {
      // Negative N: the Nth retry counted back from the last (-1 is the last retry).
      return retryNumber == retries + interval + 1
    }
    if interval == 0 { return false }
    return retryNumber % interval == 0
  }
}
