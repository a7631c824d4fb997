import FulcrumTestSupport
import Testing

/// Server options that shape a server's connections and requests, end to end: `max-reuse`
/// bounds the requests one server connection carries, `redir` answers GET and HEAD with a 302
/// naming the server, `source` binds the connections' local address, and `tfo` connects with
/// TCP Fast Open.
@Suite(.serialized) struct HTTPServerOptionsTests {
  /// `max-reuse 1`: each connection is reused once, so five keep-alive requests ride three
  /// server connections (2 + 2 + 1); without it, one.
  @Test(arguments: [("max-reuse 1", [0, 0, 1, 1, 2], 3), ("max-reuse -1", [0, 0, 0, 0, 0], 1)])
  func maxReuseBoundsTheRequestsOfOneServerConnection(option: String, connections: [Int], total: Int) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, serverOptions: option) }
    ) { fixture in
      let statuses = try await fixture.client { client in
        try (1...5).map { _ in try client.request(HTTPRequestText.get()).status }
      }
      #expect(statuses == [200, 200, 200, 200, 200])
      #expect(fixture.servers[0].requests.map(\.connection) == connections, "\(option)")
      #expect(fixture.servers[0].acceptedConnections == total, "\(option)")
    }
  }

  /// `max-reuse 0`: one request per server connection, keep-alive to the client untouched.
  @Test func maxReuseZeroGivesEachRequestItsOwnServerConnection() async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, serverOptions: "max-reuse 0") }
    ) { fixture in
      let responses = try await fixture.client { client in
        try (1...3).map { _ in try client.request(HTTPRequestText.get()) }
      }
      #expect(responses.map(\.status) == [200, 200, 200])
      #expect(responses.allSatisfy { $0.header("connection") == nil })
      #expect(fixture.servers[0].requests.map(\.connection) == [0, 1, 2])
    }
  }

  /// `redir`: GET and HEAD get HAProxy 2.6's 302 with the prefix and the path from its `/`
  /// (query included, absolute form too), and the connection closes; the server sees none.
  @Test(arguments: [
    ("GET /a/b?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "http://img.example.com/a/b?x=1"),
    ("GET http://x:80/z?q HTTP/1.1\r\nHost: x\r\n\r\n", "http://img.example.com/z?q"),
    ("HEAD /h HTTP/1.0\r\n\r\n", "http://img.example.com/h"),
  ])
  func redirAnswersGetAndHeadWithA302(request: String, location: String) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, serverOptions: "redir http://img.example.com") }
    ) { fixture in
      let (response, closed) = try await fixture.client { client in
        let response = try client.request(request, method: request.hasPrefix("HEAD") ? "HEAD" : nil)
        return (response, client.waitForClose())
      }
      #expect(
        response.rawHead
          == "HTTP/1.1 302 Found\r\ncache-control: no-cache\r\ncontent-length: 0\r\nlocation: \(location)\r\nconnection: close\r\n\r\n"
      )
      #expect(closed)
      #expect(fixture.servers[0].requestCount == 0)
    }
  }

  /// `redir /` keeps the path alone; a POST goes to the server as usual.
  @Test func redirSlashKeepsThePathAndOtherMethodsReachTheServer() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "posted")], config: { HTTPProxyFixture.config(servers: $0, serverOptions: "redir /") }
    ) { fixture in
      let (redirected, posted) = try await fixture.client { client in
        let post = try client.request(HTTPRequestText.post("/p", body: "b"))
        return (try client.request(HTTPRequestText.get("/g")), post)
      }
      #expect(posted.status == 200)
      #expect(posted.bodyText == "posted")
      #expect(redirected.status == 302)
      #expect(redirected.header("location") == "/g")
      #expect(fixture.servers[0].requests.map(\.target) == ["/p"])
    }
  }

  /// `source` on the backend, on the server line, or both (the server's wins), and in mode
  /// tcp: the server sees connections from that address.
  @Test(arguments: [
    ("    source 127.0.0.2", "", "127.0.0.2"), ("", "source 127.0.0.3:0 interface lo", "127.0.0.3"),
    ("    source 127.0.0.2", "source 127.0.0.3", "127.0.0.3"), ("    mode tcp\n    source 127.0.0.4", "", "127.0.0.4"),
  ])
  func sourceBindsTheServerConnectionsLocalAddress(listen: String, server: String, peer: String) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, listen: listen, serverOptions: server) }
    ) { fixture in
      let statuses = try await fixture.client { client in
        try (1...2).map { _ in try client.request(HTTPRequestText.get()).status }
      }
      #expect(statuses == [200, 200])
      #expect(fixture.servers[0].requests.map(\.peerAddress) == [peer, peer], "\(listen) \(server)")
    }
  }

  /// `tfo` (TCP_FASTOPEN_CONNECT before the connect) and `proto h1`: requests go through as
  /// usual, in mode http and mode tcp.
  @Test(arguments: ["", "    mode tcp"])
  func fastOpenConnectionsCarryRequests(listen: String) async throws {
    let options = listen.isEmpty ? "tfo proto h1" : "tfo"
    try await HTTPProxyFixture.with(
      [.fixed(body: "fast")], config: { HTTPProxyFixture.config(servers: $0, listen: listen, serverOptions: options) }
    ) { fixture in
      let bodies = try await fixture.client { client in
        try (1...2).map { _ in try client.request(HTTPRequestText.get()).bodyText }
      }
      #expect(bodies == ["fast", "fast"])
    }
  }
}
