import FulcrumTestSupport
import Testing

/// How each side's connection is kept or closed, end to end, as HAProxy 2.6 does it
/// (docs/http-behaviour.md): `option http-server-close` and `httpclose`, a client's
/// `Connection: close`, HTTP/1.0 clients, a server's `Connection: close`, a response without a
/// length; and the hop-by-hop fields, which Fulcrum removes before the server (RFC 9110 §7.6.1)
/// where HAProxy forwards them.
@Suite(.serialized) struct HTTPConnectionHandlingTests {
  @Test func httpServerCloseClosesTheServerConnectionAndKeepsTheClient() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "x")],
      config: { HTTPProxyFixture.config(servers: $0, listen: "    option http-server-close") }
    ) { fixture in
      let responses = try await fixture.client { client in
        try (0..<3).map { _ in try client.request(HTTPRequestText.get()) }
      }
      #expect(responses.map(\.status) == [200, 200, 200])
      #expect(responses.allSatisfy { $0.header("connection") == nil })
      let requests = fixture.servers[0].requests
      #expect(requests.map(\.connection) == [0, 1, 2])
      #expect(requests.allSatisfy { $0.header("connection") == "close" })
    }
  }

  @Test func httpcloseClosesBothSides() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "x")], config: { HTTPProxyFixture.config(servers: $0, listen: "    option httpclose") }
    ) { fixture in
      let (response, closed) = try await fixture.client { client in
        (try client.request(HTTPRequestText.get()), client.waitForClose())
      }
      #expect(response.status == 200)
      #expect(response.header("connection") == "close")
      #expect(closed)
      #expect(fixture.servers[0].requests.first?.header("connection") == "close")
    }
  }

  @Test func clientConnectionCloseClosesOnlyTheClient() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "x")], config: { HTTPProxyFixture.config(servers: $0, listen: "    http-reuse always") }
    ) { fixture in
      let (first, closed) = try await fixture.client { client in
        (try client.request(HTTPRequestText.get("/", "Connection: close\r\n")), client.waitForClose())
      }
      #expect(first.header("connection") == "close")
      #expect(first.bodyText == "x")
      #expect(closed)
      // The server connection stayed open and idle: the next client's requests take it.
      let second = try await fixture.client { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get()).status }
      }
      #expect(second == [200, 200])
      let requests = fixture.servers[0].requests
      #expect(requests.allSatisfy { $0.header("connection") == nil }, "\(requests)")
      #expect(requests.map(\.connection) == [0, 0, 0])
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }

  @Test func http10ClientWithoutKeepAliveIsClosed() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "old")]) { fixture in
      let (response, closed) = try await fixture.client { client in
        (try client.request("GET / HTTP/1.0\r\nHost: x\r\n\r\n"), client.waitForClose())
      }
      #expect(response.status == 200)
      #expect(response.bodyText == "old")
      #expect(response.header("connection") == "close")
      #expect(closed)
      // The server connection is kept alive for others.
      #expect(fixture.servers[0].requests.first?.header("connection") == "keep-alive")
    }
  }

  @Test func http10ClientWithKeepAliveIsKept() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "old")]) { fixture in
      let responses = try await fixture.client { client in
        try (0..<2).map { _ in try client.request("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n") }
      }
      #expect(responses.map(\.bodyText) == ["old", "old"])
      // An HTTP/1.0 client keeps the connection only when told so.
      #expect(responses.map { $0.header("connection")?.lowercased() } == ["keep-alive", "keep-alive"])
      #expect(fixture.servers[0].requests.map { $0.header("connection") } == ["keep-alive", "keep-alive"])
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }

  @Test func serversConnectionCloseIsNotPassedOn() async throws {
    try await HTTPProxyFixture.with([.closeAfterAnswer(body: "bye")]) { fixture in
      let responses = try await fixture.client { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get()) }
      }
      #expect(responses.map(\.bodyText) == ["bye", "bye"])
      #expect(responses.allSatisfy { $0.header("connection") == nil })
      #expect(fixture.servers[0].acceptedConnections == 2)
    }
  }

  @Test func responseWithoutLengthEndsWithTheConnection() async throws {
    let body = String(repeating: "until close ", count: 10_000)
    try await HTTPProxyFixture.with([
      .raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body, thenClose: true)
    ]) {
      fixture in
      let (response, closed) = try await fixture.client { client in
        (try client.request(HTTPRequestText.get()), client.waitForClose())
      }
      #expect(response.status == 200)
      #expect(response.framing == .untilClose)
      #expect(response.header("connection") == "close")
      #expect(response.bodyText == body)
      #expect(closed)
    }
  }

  @Test func hopByHopFieldsAreRemovedBeforeTheServer() async throws {
    try await HTTPProxyFixture.with([.fixed()]) { fixture in
      let response = try await fixture.client { client in
        try client.request(
          HTTPRequestText.get(
            "/",
            "Connection: keep-alive, X-Foo\r\nX-Foo: 1\r\nKeep-Alive: timeout=300\r\nProxy-Connection: keep-alive\r\nX-Kept: 2\r\n"
          ))
      }
      #expect(response.status == 200)
      let request = try #require(fixture.servers[0].requests.first)
      #expect(request.header("x-foo") == nil, "\(request)")
      #expect(request.header("keep-alive") == nil, "\(request)")
      #expect(request.header("proxy-connection") == nil, "\(request)")
      #expect(request.header("connection") == nil, "\(request)")
      #expect(request.header("x-kept") == "2")
      #expect(request.header("host") == "x")
    }
  }
}
