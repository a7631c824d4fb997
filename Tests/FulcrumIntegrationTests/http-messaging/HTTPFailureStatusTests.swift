import FulcrumTestSupport
import Testing

/// What the client gets when the server side fails, end to end with short timeouts: 503 when
/// no server can be reached (after the retries), 502 for a server that closes or answers
/// garbage, 504 past `timeout server`, 408 past `timeout http-request`, a silent close past
/// `timeout http-keep-alive`, and a dead server skipped by `option redispatch`. As HAProxy 2.6
/// (docs/http-behaviour.md), the 5xx pages keep the client connection; 408 closes it.
@Suite(.serialized) struct HTTPFailureStatusTests {
  @Test func backendWithoutServersAnswers503AndKeepsTheClient() async throws {
    try await HTTPProxyFixture.with([]) { fixture in
      let (responses, elapsed) = try await fixture.client { client in
        try Elapsed.milliseconds {
          [try client.request(HTTPRequestText.get()), try client.request(HTTPRequestText.head())]
        }
      }
      #expect(responses.map(\.status) == [503, 503])
      #expect(responses[0].header("connection") == nil)
      #expect(!responses[0].body.isEmpty)
      #expect(responses[1].body.isEmpty)
      #expect(elapsed < 1_000)
    }
  }

  @Test func refusedServerAnswers503AfterTheRetries() async throws {
    let refused = RefusedPort()
    let config = HTTPProxyFixture.config(
      servers: [refused.port], defaults: "    timeout connect 100ms\n    retries 2")
    try await HTTPProxyFixture.with([], config: { _ in config }) { fixture in
      let (responses, elapsed) = try await fixture.client { client in
        try Elapsed.milliseconds {
          [try client.request(HTTPRequestText.get()), try client.request(HTTPRequestText.get())]
        }
      }
      #expect(responses.map(\.status) == [503, 503])
      #expect(elapsed < 2_000)
    }
    withExtendedLifetime(refused) {}
  }

  @Test func deadServerIsRedispatchedToALiveOne() async throws {
    let refused = RefusedPort()
    try await HTTPProxyFixture.with(
      [.fixed(body: "alive")],
      config: {
        HTTPProxyFixture.config(
          servers: [refused.port] + $0, defaults: "    timeout connect 200ms\n    retries 2\n    option redispatch")
      }
    ) { fixture in
      let bodies = try await fixture.client { client in
        try (0..<4).map { _ in try client.request(HTTPRequestText.get()) }.map { "\($0.status) \($0.bodyText)" }
      }
      #expect(bodies == Array(repeating: "200 alive", count: 4))
      #expect(fixture.servers[0].requestCount == 4)
    }
    withExtendedLifetime(refused) {}
  }

  /// The server fails on `/fail`; answers `/` normally, so the second request shows the client
  /// connection survived the 5xx.
  @Test(arguments: [
    ("closes without answering", MockHTTPServer.Behaviour.closeWithoutAnswer, 502),
    ("answers garbage", .garbage, 502),
    ("sends half a head", .raw("HTTP/1.1 200 OK\r\nContent-Le", thenClose: true), 502),
    ("never answers", .neverAnswer, 504),
  ])
  func serverFailureAnswersAndKeepsTheClient(
    _ what: String, failure: MockHTTPServer.Behaviour, status: Int
  ) async throws {
    let behaviour = MockHTTPServer.Behaviour.route { $0.target == "/fail" ? failure : .fixed(body: "fine") }
    try await HTTPProxyFixture.with(
      [behaviour], config: { HTTPProxyFixture.config(servers: $0, defaults: "    timeout server 300ms") }
    ) { fixture in
      let (failed, next, elapsed) = try await fixture.client { client in
        let (failed, elapsed) = try Elapsed.milliseconds { try client.request(HTTPRequestText.get("/fail")) }
        return (failed, try client.request(HTTPRequestText.get()), elapsed)
      }
      #expect(failed.status == status, "server \(what)")
      #expect(failed.header("connection") == nil, "server \(what)")
      #expect(next.status == 200, "server \(what)")
      #expect(next.bodyText == "fine", "server \(what)")
      if status == 504 {
        #expect(elapsed >= 250 && elapsed < 2_000, "server \(what): 504 after \(elapsed) ms")
      }
    }
  }

  @Test func truncatedResponseBodyClosesTheClient() async throws {
    let truncated = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
    try await HTTPProxyFixture.with([.raw(truncated, thenClose: true)]) { fixture in
      let (received, closed) = try await fixture.client { client in
        try client.send(HTTPRequestText.get())
        // Everything up to the close: fewer bytes than asked for.
        return (String(decoding: try client.readRaw(count: 1_000), as: UTF8.self), client.waitForClose())
      }
      // Nothing can be added once the head went out: the client sees the body stop short.
      #expect(received.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(received.debugDescription)")
      #expect(received.hasSuffix("\r\n\r\nabc"), "\(received.debugDescription)")
      #expect(closed)
    }
  }

  @Test func partialHeadAnswers408AndCloses() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, defaults: "    timeout http-request 300ms") }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let (response, closed, elapsed) = try await fixture.client { client in
        try client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let (response, elapsed) = try Elapsed.milliseconds { try client.readResponse() }
        return (response, client.waitForClose(), elapsed)
      }
      #expect(response.status == 408)
      #expect(response.header("connection") == "close")
      #expect(closed)
      #expect(elapsed >= 250 && elapsed < 2_000, "408 after \(elapsed) ms")
      #expect(fixture.servers[0].acceptedConnections == 0)
    }
  }

  @Test func silentNewConnectionAnswers408AndCloses() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, defaults: "    timeout http-request 300ms") }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let (response, closed) = try await fixture.client { client in
        (try client.readResponse(), client.waitForClose())
      }
      #expect(response.status == 408)
      #expect(closed)
    }
  }

  @Test func idleKeepAliveConnectionClosesSilently() async throws {
    let config = {
      HTTPProxyFixture.config(
        servers: $0, defaults: "    timeout http-request 2s\n    timeout http-keep-alive 300ms")
    }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let (response, closed, elapsed) = try await fixture.client { client in
        let response = try client.request(HTTPRequestText.get())
        let (closed, elapsed) = Elapsed.milliseconds { client.waitForClose() }
        return (response, closed, elapsed)
      }
      #expect(response.status == 200)
      // `waitForClose` is false if any byte (a 408) came before the close.
      #expect(closed)
      #expect(elapsed >= 250 && elapsed < 1_500, "closed after \(elapsed) ms")
    }
  }
}
