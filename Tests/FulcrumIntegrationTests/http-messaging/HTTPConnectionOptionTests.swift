import FulcrumTestSupport
import Testing

/// Proxy options about the connections of `mode http`, end to end: `option http-ignore-probes`
/// closes a connection that never sent a byte without a 408, and `option
/// http-pretend-keepalive` leaves the server believing its connection stays open (checked
/// against haproxy 2.6.12: no `Connection: close` for HTTP/1.1, `Connection: keep-alive` for
/// HTTP/1.0) while Fulcrum still closes it, `option disable-h2-upgrade` answers the HTTP/2
/// preface as HAProxy does, `option http-buffer-request` reads a body before the server, and
/// `option accept-invalid-http-request` relaxes the parser, and `h1-case-adjust` respells names.
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

  /// `option http-buffer-request`: a body that never completes keeps the server out of it (408
  /// past `timeout http-request`, no connection to the server); without the option the
  /// request reached the server at once.
  @Test(arguments: [("    option http-buffer-request", 0), ("", 1)])
  func bufferRequestWaitsForTheBodyBeforeTheServer(option: String, serverConnections: Int) async throws {
    let config = {
      HTTPProxyFixture.config(
        servers: $0, listen: option, defaults: "    timeout http-request 300ms\n    timeout server 300ms")
    }
    try await HTTPProxyFixture.with([.neverAnswer], config: config) { fixture in
      let port = fixture.port
      let received = try await DedicatedThread.run {
        let client = try BlockingTCPClient(port: port, timeoutSeconds: 5)
        defer { client.closeNow() }
        try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf")
        return try client.readToEnd()
      }
      if serverConnections == 0 {
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
      }
      #expect(fixture.servers[0].acceptedConnections == serverConnections, "\(option)")
    }
  }

  /// Buffered bodies reach the server intact: a small one whole, one larger than the buffer
  /// (16 kB less the rewrite reserve) streamed once the buffer is full, and a chunked one.
  @Test func bufferedBodiesReachTheServerIntact() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, listen: "    option http-buffer-request") }
    try await HTTPProxyFixture.with([.echo], config: config) { fixture in
      let large = String(repeating: "0123456789abcdef", count: 4_096)
      let responses = try await fixture.client { client in
        [
          try client.request(HTTPRequestText.post(body: "small")),
          try client.request(HTTPRequestText.post(body: large)),
          try client.request(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
        ]
      }
      #expect(responses.map(\.status) == [200, 200, 200])
      #expect(responses.map(\.bodyText) == ["small", large, "abcde"])
    }
  }

  /// A client expecting `100 Continue` gets it from Fulcrum while the body is buffered, and
  /// only that one; the `Expect` field is not forwarded, as HAProxy removes it.
  @Test func bufferRequestAnswersExpectContinueItself() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, listen: "    option http-buffer-request") }
    try await HTTPProxyFixture.with([.continueThenEcho], config: config) { fixture in
      let (interim, final) = try await fixture.client { client in
        try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse()
        try client.send("hello")
        return (interim, try client.readResponse(toMethod: "POST"))
      }
      #expect(interim.rawHead == "HTTP/1.1 100 Continue\r\n\r\n")
      #expect(final.status == 200)
      #expect(final.bodyText == "hello")
      #expect(fixture.servers[0].requestCount == 1)
      // As HAProxy: the `Expect` field was answered, so the server does not see it.
      #expect(fixture.servers[0].requests.first?.header("expect") == nil)
    }
  }

  /// `option accept-invalid-http-request`: an odd header name and a raw UTF-8 path reach the
  /// server as written; without it the request gets 400.
  @Test(arguments: [("    option accept-invalid-http-request", 200), ("", 400)])
  func acceptInvalidRequestLetsOddRequestsThrough(option: String, status: Int) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, listen: option) }
    ) { fixture in
      let response = try await fixture.client { try $0.request("GET /café HTTP/1.1\r\nHost: x\r\nX(Odd): 1\r\n\r\n") }
      #expect(response.status == status, "\(option)")
      if status == 200 {
        #expect(fixture.servers[0].requests.map(\.rawHead) == ["GET /café HTTP/1.1\r\nHost: x\r\nX(Odd): 1\r\n\r\n"])
      }
    }
  }

  /// `h1-case-adjust` with `option h1-case-adjust-bogus-server` and `-client`: listed names
  /// reach the server and the client in the spelling asked for; others as they came.
  @Test func h1CaseAdjustRespellsNamesForBogusPeers() async throws {
    let config = { (ports: [Int]) in
      HTTPProxyFixture.config(
        servers: ports, listen: "    option h1-case-adjust-bogus-server\n    option h1-case-adjust-bogus-client",
        global: "    h1-case-adjust content-length Content-Length\n    h1-case-adjust x-app X-App")
    }
    let answer = "HTTP/1.1 200 OK\r\nx-app: 1\r\nx-other: 2\r\ncontent-length: 2\r\n\r\nok"
    try await HTTPProxyFixture.with([.raw(answer)], config: config) { fixture in
      let response = try await fixture.client {
        try $0.request("POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 2\r\nx-other: 1\r\n\r\nhi")
      }
      #expect(response.rawHead == "HTTP/1.1 200 OK\r\nX-App: 1\r\nx-other: 2\r\nContent-Length: 2\r\n\r\n")
      #expect(
        fixture.servers[0].requests.map(\.rawHead) == [
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nx-other: 1\r\n\r\n"
        ])
    }
  }
}
