import NIOCore

/// How a `mode http` frontend serves its client connections and reaches its backend's servers,
/// compiled once from the configuration: servers, timeouts, connection handling, server
/// connection reuse, head size limits and the responses Fulcrum answers itself. Immutable;
/// shared by every session of a frontend on every loop (a class, so each session holds a
/// reference rather than a 400-byte copy: lbidle).
public final class HTTPSessionSettings: Sendable {
  public let servers: [UpstreamServer]
  public let connectTimeout: TimeAmount
  public let timeouts: HTTPTimeouts
  public let retries: Int
  public let redispatchInterval: Int?
  /// `option http-keep-alive` (default), `http-server-close` or `httpclose`.
  public let connectionMode: HTTPConnectionMode
  /// `http-reuse`: whether idle server connections are shared between client connections.
  public let reuse: HTTPReuseMode
  public let limits: HTTP1Limits
  /// The error pages of the frontend (and backend).
  public let errorPages: HTTPErrorPages
  /// The unconditional `http-request return` or `deny` answering every request, if any.
  public let immediateResponse: HTTPImmediateResponse?
  /// `option forwardfor` and `option originalto`.
  public let forwarding: HTTPForwardingHeaders
  /// `monitor-uri`: requests for it are answered 200 by the proxy itself.
  public let monitorURI: HTTPMonitorURI?
  /// `retry-on`.
  public let retryOn: HTTPRetryPolicy

  /// The session timer's limits in ticks, computed once from `timeouts`.
  public let timerLimits: HTTPSessionTimer.Limits
  /// The backend's options for its server connections' sockets.
  public let serverSocket: SocketTuning
  /// `option abortonclose`: a client that closes its side before its request reached a server
  /// (queued, connecting, or waiting to retry) is dropped rather than served.
  public let abortOnClose: Bool
  /// `option http-ignore-probes`: a connection that sent nothing before `timeout http-request`
  /// struck is closed without a 408 (browsers' speculative pre-connections).
  public let ignoresProbes: Bool
  /// `option http-pretend-keepalive`: with `http-server-close` or `httpclose`, the request
  /// still tells the server the connection stays open (so it keeps chunking responses of
  /// unknown length); Fulcrum closes it after the response all the same.
  public let pretendsKeepAlive: Bool
  /// `option disable-h2-upgrade`: the HTTP/2 preface is answered 400, as any request with the
  /// method PRI, rather than 505.
  public let refusesHTTP2Upgrade: Bool
  /// `option http-buffer-request` (frontend or backend): a request's body, up to a buffer's
  /// worth, is read before its server is chosen.
  public let buffersRequest: Bool
  /// `option idle-close-on-response`: at a soft stop, an idle client connection is closed
  /// after one more response rather than at once.
  public let idleCloseOnResponse: Bool
  /// `option accept-invalid-http-request` (frontend) and `accept-invalid-http-response`
  /// (backend): header names may hold any visible byte, and a request target bytes above 0x7F.
  public let acceptsInvalidRequests: Bool
  public let acceptsInvalidResponses: Bool
  /// `h1-case-adjust` for heads sent to servers (`option h1-case-adjust-bogus-server` on the
  /// backend) and to clients (`-bogus-client` on the frontend); nil when not asked.
  public let serverNameCase: HTTP1NameCase?
  public let clientNameCase: HTTP1NameCase?
  /// Global `h1-accept-payload-with-any-method`: HTTP/1.0 GET, HEAD and DELETE may carry a
  /// body (413 otherwise, as HAProxy 2.6).
  public let acceptsPayloadWithAnyMethod: Bool
  /// `balance url_param NAME check_post`: POST bodies are buffered and searched for the
  /// parameter when the query string has none.
  public let bodyParameter: HTTPBodyParameter?

  public init(
    servers: [UpstreamServer], connectTimeout: TimeAmount, timeouts: HTTPTimeouts, retries: Int,
    redispatchInterval: Int?, connectionMode: HTTPConnectionMode = .keepAlive, reuse: HTTPReuseMode = .safe,
    limits: HTTP1Limits = .default,
    errorPages: HTTPErrorPages = .builtIn, immediateResponse: HTTPImmediateResponse? = nil,
    forwarding: HTTPForwardingHeaders = HTTPForwardingHeaders(), monitorURI: HTTPMonitorURI? = nil,
    retryOn: HTTPRetryPolicy = HTTPRetryPolicy(), serverSocket: SocketTuning = SocketTuning(),
    abortOnClose: Bool = false, ignoresProbes: Bool = false, pretendsKeepAlive: Bool = false,
    refusesHTTP2Upgrade: Bool = false, buffersRequest: Bool = false,
    idleCloseOnResponse: Bool = false, acceptsInvalidRequests: Bool = false, acceptsInvalidResponses: Bool = false,
    serverNameCase: HTTP1NameCase? = nil, clientNameCase: HTTP1NameCase? = nil,
    acceptsPayloadWithAnyMethod: Bool = false, bodyParameter: HTTPBodyParameter? = nil
  ) {
    self.servers = servers
    self.connectTimeout = connectTimeout
    self.timeouts = timeouts
    timerLimits = HTTPSessionTimer.Limits(timeouts: timeouts, tick: timeouts.tick ?? .seconds(1))
    self.retries = retries
    self.redispatchInterval = redispatchInterval
    self.connectionMode = connectionMode
    self.reuse = reuse
    self.limits = limits
    self.errorPages = errorPages
    self.immediateResponse = immediateResponse
    self.forwarding = forwarding
    self.monitorURI = monitorURI
    self.retryOn = retryOn
    self.serverSocket = serverSocket
    self.abortOnClose = abortOnClose
    self.ignoresProbes = ignoresProbes
    self.pretendsKeepAlive = pretendsKeepAlive
    self.refusesHTTP2Upgrade = refusesHTTP2Upgrade
    self.buffersRequest = buffersRequest
    self.idleCloseOnResponse = idleCloseOnResponse
    self.acceptsInvalidRequests = acceptsInvalidRequests
    self.acceptsInvalidResponses = acceptsInvalidResponses
    self.serverNameCase = serverNameCase
    self.clientNameCase = clientNameCase
    self.acceptsPayloadWithAnyMethod = acceptsPayloadWithAnyMethod
    self.bodyParameter = bodyParameter
  }
}

/// `option http-keep-alive`, `option http-server-close`, `option httpclose`.
public enum HTTPConnectionMode: Sendable, Equatable {
  /// Both connections stay open between requests (HAProxy's default).
  case keepAlive
  /// The client connection stays open; the server connection closes after each response.
  case serverClose
  /// Both connections close after each response.
  case close
}

/// `http-reuse never|safe|aggressive|always`.
public enum HTTPReuseMode: Sendable, Equatable {
  /// A server connection serves only the client connection that opened it.
  case never
  /// A client connection's first request gets its own server connection; later ones may take
  /// an idle one.
  case safe
  /// First requests may take idle connections that have already been reused once.
  case aggressive
  /// First requests may take any idle connection.
  case always
}
