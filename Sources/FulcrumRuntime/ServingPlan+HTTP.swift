import FulcrumBalancing
import FulcrumConfig
import FulcrumProxy
import NIOCore

extension ServingPlan {
  /// The HTTP session settings of a `mode http` frontend and its backend; servers, connect
  /// timeout and retries are the ones `session` already holds.
  static func httpSettings(
    _ proxy: Proxy, backend: Proxy, session: TCPSessionSettings, in configuration: FulcrumConfiguration
  ) throws(RuntimeError) -> HTTPSessionSettings {
    let front = proxy.timeouts
    let back = backend.timeouts
    let timeouts = HTTPTimeouts(
      client: amount(front.client), server: amount(back.server),
      httpRequest: amount(front.httpRequest ?? back.httpRequest),
      httpKeepAlive: amount(front.httpKeepAlive ?? back.httpKeepAlive), tunnel: amount(back.tunnel),
      queue: session.queueTimeout)
    let frontendResponses = try HTTPProxyResponses.build(for: proxy, in: configuration)
    var responses = frontendResponses
    if backend.name != proxy.name {
      // The backend's pages replace the frontend's; its rules run after the frontend's.
      let backendResponses = try HTTPProxyResponses.build(for: backend, behind: proxy, in: configuration)
      responses.errorPages = backendResponses.errorPages
      responses.immediateResponse = frontendResponses.immediateResponse ?? backendResponses.immediateResponse
    }
    // The frontend's `option httpclose` / `http-server-close` wins over the backend's keep-alive,
    // as HAProxy combines them (the most closing of the two).
    let mode = [proxy.httpConnectionMode, backend.httpConnectionMode].map(connectionMode).max { rank($0) < rank($1) }
    // `option tcp-smart-connect`: a request always follows the connect at once, so the
    // handshake's last ACK can leave with it (haproxy sets it only when data waits).
    // `h1-case-adjust` lines, then the file's (the last `h1-case-adjust-file`).
    let spellings = configuration.global.h1CaseAdjust.merging(configuration.global.h1CaseAdjustFile) { $1 }
    let nameCase = spellings.isEmpty ? nil : HTTP1NameCase(spellings)
    var serverSocket = session.serverSocket
    serverSocket.delaysConnectAck = backend.flags.contains(.tcpSmartConnect)
    return HTTPSessionSettings(
      servers: session.servers,
      connectTimeout: session.connectTimeout,
      timeouts: timeouts,
      retries: session.retries,
      redispatchInterval: session.redispatchInterval,
      connectionMode: mode ?? .keepAlive,
      reuse: reuse(backend.httpReuse),
      limits: HTTPProxyResponses.limits(configuration.global),
      errorPages: responses.errorPages,
      immediateResponse: responses.immediateResponse,
      forwarding: try HTTPForwardingHeaders(frontend: proxy, backend: backend),
      monitorURI: try monitorURI(of: proxy),
      retryOn: HTTPRetryPolicy(keywords: backend.retryOn), serverSocket: serverSocket,
      abortOnClose: session.abortOnClose, ignoresProbes: proxy.flags.contains(.httpIgnoreProbes),
      pretendsKeepAlive: backend.flags.contains(.httpPretendKeepAlive),
      refusesHTTP2Upgrade: proxy.flags.contains(.disableH2Upgrade),
      buffersRequest: proxy.flags.contains(.httpBufferRequest) || backend.flags.contains(.httpBufferRequest),
      idleCloseOnResponse: proxy.flags.contains(.idleCloseOnResponse),
      acceptsInvalidRequests: proxy.flags.contains(.acceptInvalidHTTPRequest),
      acceptsInvalidResponses: backend.flags.contains(.acceptInvalidHTTPResponse),
      serverNameCase: backend.flags.contains(.h1CaseAdjustBogusServer) ? nameCase : nil,
      clientNameCase: proxy.flags.contains(.h1CaseAdjustBogusClient) ? nameCase : nil,
      acceptsPayloadWithAnyMethod: configuration.global.h1AcceptPayloadWithAnyMethod,
      bodyParameter: bodyParameter(of: backend))
  }

  /// `balance url_param NAME check_post`: the balancing layer's search, for the session to run
  /// on a buffered POST body.
  static func bodyParameter(of backend: Proxy) -> HTTPBodyParameter? {
    guard case .urlParameter(let name, let checkPost)? = backend.balance, checkPost != nil else { return nil }
    let key = URLParameterKey(name: name)
    return HTTPBodyParameter(
      name: name, inTarget: { bytes in bytes.withUnsafeBufferPointer { key.valueRange(inTarget: $0.span) } },
      inBody: { bytes in bytes.withUnsafeBufferPointer { key.valueRange(inBody: $0.span) } })
  }

  /// The idle-pool bounds of a backend: each server's `pool-max-conn` (-1 or unset: no bound)
  /// and the shortest `pool-purge-delay` (5 s by default).
  static func poolSettings(_ backend: Proxy) -> HTTPPoolSettings {
    let limits = backend.servers.map { server in server.options.poolMaxConnections.flatMap { $0 < 0 ? nil : $0 } }
    let delays = backend.servers.compactMap { $0.options.poolPurgeDelay?.milliseconds }
    let delay = delays.min() ?? 5_000
    return HTTPPoolSettings(
      maxPerServer: limits, purgeDelay: delay > 0 ? .milliseconds(Int64(delay)) : nil,
      lowPerServer: backend.servers.map { $0.options.poolLowConnections ?? 0 })
  }

  /// `monitor-uri`; `monitor fail` needs conditions, which are not evaluated yet.
  static func monitorURI(of proxy: Proxy) throws(RuntimeError) -> HTTPMonitorURI? {
    if let condition = proxy.monitorFail.first {
      throw RuntimeError(
        "\(proxy.kind.rawValue) '\(proxy.name)': 'monitor fail \(condition.polarity.rawValue) \(condition.terms.joined(separator: " "))' has a condition, and conditions are not evaluated yet: remove it so the monitor URI always answers 200"
      )
    }
    return proxy.monitorURI.map(HTTPMonitorURI.init)
  }

  static func amount(_ value: TimeValue?) -> TimeAmount? {
    value.map { .milliseconds(Int64($0.milliseconds)) }
  }

  private static func connectionMode(_ mode: FulcrumConfig.HTTPConnectionMode) -> FulcrumProxy.HTTPConnectionMode {
    switch mode {
    case .keepAlive: .keepAlive
    case .serverClose: .serverClose
    case .close: .close
    }
  }

  private static func rank(_ mode: FulcrumProxy.HTTPConnectionMode) -> Int {
    switch mode {
    case .keepAlive: 0
    case .serverClose: 1
    case .close: 2
    }
  }

  private static func reuse(_ reuse: HTTPReuse?) -> HTTPReuseMode {
    switch reuse {
    case .never: .never
    case .safe, nil: .safe
    case .aggressive: .aggressive
    case .always: .always
    }
  }
}
