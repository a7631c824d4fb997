import FulcrumTestSupport
import Testing

/// `mode http` end to end: requests reach the servers, keep-alive connections carry many
/// requests on both sides, round robin chooses per request, and `http-reuse` decides which
/// client connections share a server connection (counted on the mock servers).
@Suite(.serialized) struct HTTPKeepAliveTests {
  @Test func getReachesTheServerAndItsAnswerTheClient() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "hello", fields: [("X-Server", "s0")])]) { fixture in
      let response = try await fixture.client { try $0.request(HTTPRequestText.get("/path?q=1", "X-Test: 1\r\n")) }
      #expect(response.status == 200)
      #expect(response.bodyText == "hello")
      #expect(response.header("x-server") == "s0")
      #expect(response.header("connection") == nil)
      let requests = fixture.servers[0].requests
      try #require(requests.count == 1)
      #expect(requests[0].rawHead == "GET /path?q=1 HTTP/1.1\r\nHost: x\r\nX-Test: 1\r\n\r\n")
    }
  }

  @Test func keepAliveCarriesFiveRequestsOverOneServerConnection() async throws {
    try await HTTPProxyFixture.with([.route { .fixed(body: $0.target) }]) { fixture in
      let bodies = try await fixture.client { client in
        try (1...5).map { try client.request(HTTPRequestText.get("/\($0)")).bodyText }
      }
      #expect(bodies == ["/1", "/2", "/3", "/4", "/5"])
      #expect(fixture.servers[0].acceptedConnections == 1)
      #expect(fixture.servers[0].requests.map(\.connection) == [0, 0, 0, 0, 0])
    }
  }

  @Test func roundRobinAlternatesPerRequest() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "A"), .fixed(body: "B")]) { fixture in
      let bodies = try await fixture.client { client in
        try (1...6).map { _ in try client.request(HTTPRequestText.get()).bodyText }
      }
      #expect(bodies.joined() == "ABABAB")
      // Each server's connection went back to the idle pool and served its next turn.
      #expect(fixture.servers.map(\.acceptedConnections) == [1, 1])
    }
  }

  /// Client A leaves an idle server connection; client B then asks for `/close` (the server
  /// closes that connection after answering) and `/`. Which connection each of B's requests
  /// rides shows the reuse mode: `never` gives B its own, `safe` lets only its second request
  /// take A's idle one, `always` lets its first.
  @Test(arguments: [
    ("never", [1, 2], 3),
    ("safe", [1, 0], 2),
    // A's connection carried one request only: not yet proven reusable.
    ("aggressive", [1, 0], 2),
    ("always", [0, 1], 2),
  ])
  func serverConnectionsAreSharedAsHTTPReuseSays(mode: String, connectionsOfB: [Int], total: Int) async throws {
    let behaviour = MockHTTPServer.Behaviour.route { $0.target == "/close" ? .closeAfterAnswer() : .fixed() }
    try await HTTPProxyFixture.with(
      [behaviour], config: { HTTPProxyFixture.config(servers: $0, listen: "    http-reuse \(mode)") }
    ) { fixture in
      let port = fixture.port
      let statuses = try await DedicatedThread.run {
        let first = try HTTPTestClient(port: port, timeoutSeconds: 3)
        let second = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer {
          first.closeNow()
          second.closeNow()
        }
        return [
          try first.request(HTTPRequestText.get()).status, try second.request(HTTPRequestText.get("/close")).status,
          try second.request(HTTPRequestText.get()).status,
        ]
      }
      #expect(statuses == [200, 200, 200])
      let requests = fixture.servers[0].requests
      #expect(requests.map(\.target) == ["/", "/close", "/"])
      #expect(requests.dropFirst().map(\.connection) == connectionsOfB, "http-reuse \(mode)")
      #expect(fixture.servers[0].acceptedConnections == total, "http-reuse \(mode)")
    }
  }

  /// `http-reuse aggressive` gives a first request only an idle connection that has been reused
  /// at least once (carried two requests), as HAProxy 2.6 does (checked on haproxy 2.6.12).
  @Test func aggressiveReuseTakesOnlyReusedConnectionsForFirstRequests() async throws {
    let behaviour = MockHTTPServer.Behaviour.route { $0.target == "/close" ? .closeAfterAnswer() : .fixed() }
    try await HTTPProxyFixture.with(
      [behaviour], config: { HTTPProxyFixture.config(servers: $0, listen: "    http-reuse aggressive") }
    ) { fixture in
      let port = fixture.port
      let statuses = try await DedicatedThread.run {
        let a = try HTTPTestClient(port: port, timeoutSeconds: 3)
        let b = try HTTPTestClient(port: port, timeoutSeconds: 3)
        let c = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer {
          a.closeNow()
          b.closeNow()
          c.closeNow()
        }
        return [
          try a.request(HTTPRequestText.get()).status, try b.request(HTTPRequestText.get("/close")).status,
          try a.request(HTTPRequestText.get()).status, try c.request(HTTPRequestText.get()).status,
        ]
      }
      #expect(statuses == [200, 200, 200, 200])
      // A's connection: used once when B arrives (B gets its own), twice when C does (C takes it).
      #expect(fixture.servers[0].requests.map(\.connection) == [0, 1, 0, 0])
      #expect(fixture.servers[0].acceptedConnections == 2)
    }
  }
}
