import NIOCore

/// The timeouts of an HTTP session (`timeout client`, `server`, `http-request`,
/// `http-keep-alive`, `tunnel`, `queue`), `nil` where unset. Immutable value; any thread.
public struct HTTPTimeouts: Sendable, Equatable {
  public let client: TimeAmount?
  public let server: TimeAmount?
  /// The longest a request head may take to arrive; `timeout client` when unset.
  public let httpRequest: TimeAmount?
  /// The longest an idle keep-alive connection waits for the next request; `http-request`
  /// (then `client`) when unset.
  public let httpKeepAlive: TimeAmount?
  /// Inactivity of a connection switched to a tunnel (WebSocket); the smaller of `client` and
  /// `server` when unset.
  public let tunnel: TimeAmount?
  /// The longest a request waits in a queue for a server slot (`timeout queue`, else
  /// `timeout connect`).
  public let queue: TimeAmount?

  /// The timer period the session's watchdog ticks at: a quarter of the smallest timeout, so
  /// every timeout fires between 1× and 1.25× its value. `nil` when no timeout is set. Computed
  /// once here, not per connection.
  public let tick: TimeAmount?

  public init(
    client: TimeAmount? = nil, server: TimeAmount? = nil, httpRequest: TimeAmount? = nil,
    httpKeepAlive: TimeAmount? = nil, tunnel: TimeAmount? = nil, queue: TimeAmount? = nil
  ) {
    self.client = client
    self.server = server
    self.httpRequest = httpRequest
    self.httpKeepAlive = httpKeepAlive
    self.tunnel = tunnel
    self.queue = queue
    tick = TimeoutTicks.period(for: [client, server, httpRequest, httpKeepAlive, tunnel, queue])
  }
}
