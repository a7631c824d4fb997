import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Mock HTTP servers with Fulcrum in front of them, for one end-to-end test of `mode http`: the
/// mocks run on their own event loop, the proxy (one loop unless asked, so one selector and one
/// idle pool see every request) listens on port 0, and blocking client work runs on a dedicated
/// thread. `with` stops everything whether the test body throws or not.
struct HTTPProxyFixture {
  let backends: MultiThreadedEventLoopGroup
  let servers: [MockHTTPServer]
  let proxy: TCPProxyHarness

  var port: Int { proxy.port }

  /// A `mode http` configuration with one `listen` section in front of `servers` (ports), each
  /// `server` line ending with `serverOptions`; `listen`, `defaults` and `global` lines are
  /// added to their sections.
  static func config(
    servers: [Int], listen: String = "", defaults: String = "", global: String = "", serverOptions: String = ""
  ) -> String {
    let lines = servers.enumerated().map { "    server s\($0.offset) 127.0.0.1:\($0.element) \(serverOptions)" }
    return """
      global
      \(global)
      defaults
          mode http
          timeout connect 1s
          timeout client 5s
          timeout server 5s
      \(defaults)
      listen web
          bind 127.0.0.1:10000
      \(listen)
      \(lines.joined(separator: "\n"))

      """
  }

  /// Starts one mock per behaviour and the proxy on the configuration `config` makes from their
  /// ports, runs `body`, and stops them all.
  static func with(
    _ behaviours: [MockHTTPServer.Behaviour], threads: Int = 1, host: String = "127.0.0.1",
    config: ([Int]) -> String = { config(servers: $0) }, _ body: (HTTPProxyFixture) async throws -> Void
  ) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var servers: [MockHTTPServer] = []
    let fixture: HTTPProxyFixture
    do {
      for behaviour in behaviours { servers.append(try await MockHTTPServer.start(behaviour, group: backends)) }
      let proxy = try await TCPProxyHarness.start(config(servers.map(\.port)), threads: threads, host: host)
      fixture = HTTPProxyFixture(backends: backends, servers: servers, proxy: proxy)
    } catch {
      for server in servers { try? await server.close() }
      try? await backends.shutdownGracefully()
      throw error
    }
    do {
      try await body(fixture)
    } catch {
      try? await fixture.stop()
      throw error
    }
    try await fixture.stop()
  }

  /// Connects a client to the proxy and runs `work` with it on a thread of its own.
  func client<Result: Sendable>(
    host: String = "127.0.0.1", timeoutSeconds: Int = 3, _ work: @escaping @Sendable (HTTPTestClient) throws -> Result
  ) async throws -> Result {
    let port = port
    return try await DedicatedThread.run {
      let client = try HTTPTestClient(port: port, host: host, timeoutSeconds: timeoutSeconds)
      defer { client.closeNow() }
      return try work(client)
    }
  }

  func stop() async throws {
    try await proxy.stop()
    for server in servers { try await server.close() }
    try await backends.shutdownGracefully()
  }
}

/// Request heads for the tests, `Host: x` first and then `fields` (each `Name: value\r\n`).
enum HTTPRequestText {
  static func get(_ target: String = "/", _ fields: String = "", version: String = "HTTP/1.1") -> String {
    "GET \(target) \(version)\r\nHost: x\r\n\(fields)\r\n"
  }

  static func head(_ target: String = "/", _ fields: String = "") -> String {
    "HEAD \(target) HTTP/1.1\r\nHost: x\r\n\(fields)\r\n"
  }

  static func post(_ target: String = "/", body: String, _ fields: String = "") -> String {
    "POST \(target) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\(fields)\r\n\(body)"
  }
}

/// Measures a blocking client's waits (monotonic clock, in milliseconds).
enum Elapsed {
  static func milliseconds<Result>(_ work: () throws -> Result) rethrows -> (Result, Int) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try work()
    let elapsed = clock.now - start
    return (result, Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
  }
}
