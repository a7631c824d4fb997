import FulcrumConfig
import FulcrumRuntime
import NIOCore
import NIOPosix

/// What one proxying benchmark runs against: the `Responder`, Fulcrum's `ProxyRuntime` in
/// front of it on a one-thread event loop group (or nothing, for the direct baseline), and a
/// `BlockingClient` with one keep-alive connection through it. Started by a benchmark's setup
/// (or `instruction-counts`) and stopped after; the client is used from the measuring thread.
public final class ProxyStack {
  /// A browser's request, the same as `HTTP1RequestHeadParserTests.browserGet`.
  static let request = Array(
    ("GET /search?q=fulcrum&lang=en HTTP/1.1\r\nHost: www.example.com\r\n"
      + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
      + "Accept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.5\r\n"
      + "Accept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\nCookie: session=abc123\r\n"
      + "Upgrade-Insecure-Requests: 1\r\n\r\n").utf8)

  let responder: Responder
  let proxyGroup: MultiThreadedEventLoopGroup?
  let runtime: ProxyRuntime?
  public let client: BlockingClient

  private init(
    responder: Responder, proxyGroup: MultiThreadedEventLoopGroup?, runtime: ProxyRuntime?, client: BlockingClient
  ) {
    self.responder = responder
    self.proxyGroup = proxyGroup
    self.runtime = runtime
    self.client = client
  }

  /// Starts the responder answering `response` and, unless `proxyOptions` is nil, a `mode http`
  /// proxy with those extra `defaults` lines in front of it; connects the client and makes a
  /// first exchange. With `untouched`, the response must arrive exactly as the responder sent it.
  public static func start(proxyOptions: [String]?, response: ByteBuffer, untouched: Bool) async throws -> ProxyStack {
    let responder = try await Responder.start(response: response)
    var port = responder.port
    var proxyGroup: MultiThreadedEventLoopGroup?
    var runtime: ProxyRuntime?
    if let proxyOptions {
      let text = configuration(serverPort: responder.port, options: proxyOptions)
      let loaded = ConfigLoader(environment: [:]).load(text: text, file: "bench.cfg")
      guard loaded.isValid() else {
        throw BlockingClient.Failure(description: "invalid configuration: \(loaded.diagnostics.alerts)")
      }
      var plan = try ServingPlan.build(loaded.configuration)
      plan.frontends[0].listenAddresses = [try SocketAddress(ipAddress: "127.0.0.1", port: 0)]
      let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
      let proxy = ProxyRuntime(plan: plan, group: group)
      let bound = try await proxy.start()
      port = bound[0].port ?? 0
      proxyGroup = group
      runtime = proxy
    }
    let client = try BlockingClient(port: port, request: request)
    let received = try client.firstExchange()
    if untouched, received != Array(response.readableBytesView) {
      throw BlockingClient.Failure(
        description: "the response was changed:\n\(String(decoding: received, as: UTF8.self))")
    }
    return ProxyStack(responder: responder, proxyGroup: proxyGroup, runtime: runtime, client: client)
  }

  /// The proxy's configuration: one frontend, one backend with the responder as its only
  /// server, HAProxy's defaults otherwise (keep-alive, `http-reuse safe`). The bind line's
  /// port is replaced with 0 before the runtime starts.
  static func configuration(serverPort: Int, options: [String]) -> String {
    """
    global
      nbthread 1

    defaults
      mode http
      timeout connect 5s
      timeout client 60s
      timeout server 60s
    \(options.map { "  \($0)\n" }.joined())
    frontend www
      bind 127.0.0.1:8080
      default_backend site

    backend site
      server web1 127.0.0.1:\(serverPort)
    """
  }

  public func stop() async throws {
    if let runtime { await runtime.stopListening() }
    try await proxyGroup?.shutdownGracefully()
    try await responder.stop()
  }
}
