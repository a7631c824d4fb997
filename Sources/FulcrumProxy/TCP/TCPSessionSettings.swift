import NIOCore

/// Where a TCP session may connect and how patiently: the backend's servers, timeouts and
/// retry policy, compiled once from the configuration. Immutable; shared by every session of
/// a frontend on every loop.
public struct TCPSessionSettings: Sendable {
  public var servers: [UpstreamServer]
  public var connectTimeout: TimeAmount
  /// Session inactivity in both directions after which it is closed (`timeout tunnel`, else
  /// the smaller of `timeout client` and `timeout server`); `nil` for none.
  public var idleTimeout: TimeAmount?
  /// Inactivity once one direction is shut: the smaller of `timeout client-fin` and
  /// `server-fin` when either is set (it may be shorter than `timeout tunnel`, as in HAProxy).
  public var halfClosedTimeout: TimeAmount?
  public var retries: Int
  public var redispatchInterval: Int?
  /// The longest a session waits in a queue for a server slot (`timeout queue`, else
  /// `timeout connect`, as in HAProxy).
  public var queueTimeout: TimeAmount
  /// The backend's options for its server connections' sockets.
  public var serverSocket = SocketTuning()
  /// `option abortonclose`: a client that closes its side while its session waits for a
  /// server (queued or connecting) is dropped rather than connected.
  public var abortOnClose = false
  /// `option independent-streams`: a side's timeout is refreshed only by what is read from
  /// that side (frontend: `timeout client`; backend: `timeout server`), not by what is sent to
  /// it. `nil` when neither proxy sets it.
  public var independentStreams: IndependentStreams?

  public init(
    servers: [UpstreamServer], connectTimeout: TimeAmount, idleTimeout: TimeAmount?,
    halfClosedTimeout: TimeAmount? = nil, retries: Int, redispatchInterval: Int?, queueTimeout: TimeAmount? = nil
  ) {
    self.servers = servers
    self.connectTimeout = connectTimeout
    self.idleTimeout = idleTimeout
    self.halfClosedTimeout = halfClosedTimeout
    self.retries = retries
    self.redispatchInterval = redispatchInterval
    self.queueTimeout = queueTimeout ?? connectTimeout
  }
}

/// `option independent-streams` of a TCP session: each side's own timeout (`timeout tunnel`
/// when set, as HAProxy uses it for both), and whether only that side's reads refresh it.
public struct IndependentStreams: Sendable, Equatable {
  public var clientTimeout: TimeAmount?
  public var serverTimeout: TimeAmount?
  /// The frontend sets the option: data sent to the client does not refresh `timeout client`.
  public var client: Bool
  /// The backend sets it: data sent to the server does not refresh `timeout server`.
  public var server: Bool

  public init(clientTimeout: TimeAmount?, serverTimeout: TimeAmount?, client: Bool, server: Bool) {
    self.clientTimeout = clientTimeout
    self.serverTimeout = serverTimeout
    self.client = client
    self.server = server
  }
}

/// A server the data plane can connect to: its name (for logs), socket address, whether the
/// connection starts with a PROXY protocol header (`send-proxy`, `send-proxy-v2`), and the
/// server options that shape its connections and requests.
public struct UpstreamServer: Sendable, Equatable {
  public var name: String
  public var address: SocketAddress
  /// The PROXY protocol version written first on every connection to this server, if any.
  public var sendProxy: ProxyHeader.Version?
  /// `max-reuse N`: how many times one connection to the server may be reused, i.e. it
  /// carries at most N + 1 requests (0: one request per connection). `nil`: no limit.
  public var maxReuse: Int?
  /// `redir PREFIX`: GET and HEAD requests sent to this server are answered 302 with a
  /// `Location` of the prefix and the request's path instead (mode http).
  public var redirect: HTTPServerRedirect?
  /// `source ADDR[:PORT] [interface NAME]` (server or backend): what the connections'
  /// sockets are bound to before connecting.
  public var source: UpstreamSource?
  /// `tfo`: TCP Fast Open on connect (`TCP_FASTOPEN_CONNECT`, as HAProxy sets it): the first
  /// bytes leave with the SYN when the kernel holds a cookie for the server.
  public var fastOpen = false

  public init(name: String, address: SocketAddress, sendProxy: ProxyHeader.Version? = nil) {
    self.name = name
    self.address = address
    self.sendProxy = sendProxy
  }
}
