import FulcrumTestSupport
import Testing

/// Proxy options about the connections of `mode http`, end to end: `option http-ignore-probes`
/// closes a connection that never sent a byte without a 408, and `option
/// http-pretend-keepalive` leaves the server believing its connection stays open (checked
/// against haproxy 2.6.12: no `Connection: close` for HTTP/1.1, `Connection: keep-alive` for
/// HTTP/1.0) while Fulcrum still closes it, and `option disable-h2-upgrade` answers the HTTP/2
/// preface as HAProxy does.
@Suite(.serialized) struct HTTPConnectionOptionTests {
  /// What a client that connects and sends `text` (maybe nothing) reads until the close.
  static func silentClient(_ option: String, sending text: String) async throws -> [UInt8] {
    let config = {
      HTTPProxyFixture.config(servers: $0, listen: option, defaults: "    timeout http-request 300ms")
    }
    var received: [UInt8] = []
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let port = fixture.port
      received = try await DedicatedThread.run {
        let client = try BlockingTCPClient(port: port, timeoutSeconds: 5)
        defer { client.closeNow() }
        if !text.isEmpty { try client.send(text) }
        return try client.readToEnd()
      }
      #expect(fixture.servers[0].acceptedConnections == 0)
    }
    return received
  }

  @Test func ignoreProbesClosesAnEmptyConnectionWithoutA408() async throws {
    let ignored = try await Self.silentClient("    option http-ignore-probes", sending: "")
    #expect(ignored.isEmpty)
    let answered = try await Self.silentClient("", sending: "")
    #expect(String(decoding: answered, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
  }

  /// A connection that sent part of a head is no probe: 408 all the same.
  @Test func ignoreProbesStillAnswersAPartialHead() async throws {
    let answered = try await Self.silentClient("    option http-ignore-probes", sending: "GET / HT")
    #expect(String(decoding: answered, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
  }

  @Test(arguments: ["option http-server-close", "option httpclose"])
  func pretendKeepAliveHidesTheCloseFromTheServer(mode: String) async throws {
    let config = {
      HTTPProxyFixture.config(servers: $0, listen: "    \(mode)\n    option http-pretend-keepalive")
    }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let port = fixture.port
      let statuses = try await DedicatedThread.run {
        let first = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer { first.closeNow() }
        let second = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer { second.closeNow() }
        return [
          try first.request(HTTPRequestText.get("/a")).status,
          try second.request("GET /b HTTP/1.0\r\n\r\n").status,
        ]
      }
      #expect(statuses == [200, 200])
      let requests = fixture.servers[0].requests
      #expect(requests.map(\.target) == ["/a", "/b"])
      #expect(requests.map { $0.header("connection") } == [nil, "keep-alive"], "\(mode)")
      // Closed after each response all the same: a connection per request.
      #expect(fixture.servers[0].acceptedConnections == 2, "\(mode)")
    }
  }

  /// Without the option, the server is told.
  @Test func withoutPretendKeepAliveTheServerIsToldTheConnectionCloses() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, listen: "    option http-server-close") }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let status = try await fixture.client { try $0.request(HTTPRequestText.get()).status }
      #expect(status == 200)
      #expect(fixture.servers[0].requests.map { $0.header("connection") } == ["close"])
    }
  }

  /// The HTTP/2 preface: 505 (Fulcrum speaks HTTP/1 only), or with `option
  /// disable-h2-upgrade` the 400 HAProxy 2.6.12 answers a PRI request.
  @Test(arguments: [("", "HTTP/1.1 505 "), ("    option disable-h2-upgrade", "HTTP/1.1 400 ")])
  func http2PrefaceIsRefused(option: String, statusLine: String) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, listen: option) }
    ) { fixture in
      let port = fixture.port
      let received = try await DedicatedThread.run {
        let client = try BlockingTCPClient(port: port, timeoutSeconds: 5)
        defer { client.closeNow() }
        try client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        return try client.readToEnd()
      }
      #expect(String(decoding: received, as: UTF8.self).hasPrefix(statusLine), "\(option)")
      #expect(fixture.servers[0].acceptedConnections == 0)
    }
  }
}
