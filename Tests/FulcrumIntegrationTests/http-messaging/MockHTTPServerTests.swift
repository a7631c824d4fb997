import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// The HTTP test mocks checked against each other: every server behaviour as the test client
/// reads it, keep-alive and pipelining, recorded heads. Blocking client work runs on a dedicated
/// thread and returns what it read; the expectations run on the test's task.
@Suite struct MockHTTPServerTests {
  /// Starts a server with `behaviour`, runs `exchange` on a dedicated thread with a connected
  /// client, stops everything, and returns the exchange's result and the requests recorded.
  func exchange<Result: Sendable>(
    _ behaviour: MockHTTPServer.Behaviour, timeoutSeconds: Int = 5,
    _ exchange: @escaping @Sendable (HTTPTestClient) throws -> Result
  ) async throws -> (result: Result, requests: [MockHTTPRequest], connections: Int) {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server = try await MockHTTPServer.start(behaviour, group: group)
    let outcome: Swift.Result<Result, any Error>
    do {
      outcome = .success(
        try await DedicatedThread.run {
          let client = try HTTPTestClient(port: server.port, timeoutSeconds: timeoutSeconds)
          return try exchange(client)
        })
    } catch {
      outcome = .failure(error)
    }
    let requests = server.requests
    let connections = server.acceptedConnections
    try await server.close()
    try await group.shutdownGracefully()
    return (try outcome.get(), requests, connections)
  }

  static let get = "GET /a HTTP/1.1\r\nHost: x\r\nX-Mixed-Case: V\r\n\r\n"

  @Test func fixedKeepsAliveAndRecordsHeads() async throws {
    let (responses, requests, connections) = try await exchange(.fixed(body: "hello", fields: [("X-A", "b")])) {
      client in
      [
        try client.request(Self.get), try client.request("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
        try client.request("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]
    }
    #expect(responses.map(\.status) == [200, 200, 200])
    #expect(responses.map(\.bodyText) == ["hello", "hello", ""])
    #expect(responses[0].header("x-a") == "b")
    #expect(responses[0].framing == .contentLength(5))
    #expect(responses[2].header("content-length") == "5")
    #expect(connections == 1)
    try #require(requests.count == 3)
    #expect(requests[0].rawHead == Self.get)
    #expect(requests[0].header("x-mixed-case") == "V")
    #expect(requests.map(\.target) == ["/a", "/b", "/"])
    #expect(requests.map(\.connection) == [0, 0, 0])
  }

  @Test func pipelinedRequestsAnswerInOrderAndCloseOnRequest() async throws {
    let (result, requests, _) = try await exchange(.route { .fixed(body: $0.target) }) { client in
      try client.send(
        "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
      )
      let responses = [try client.readResponse(), try client.readResponse(), try client.readResponse()]
      return (responses, client.waitForClose())
    }
    #expect(result.0.map(\.bodyText) == ["/1", "/2", "/3"])
    #expect(result.0.map { $0.header("connection") } == [nil, nil, "close"])
    #expect(result.1)
    #expect(requests.count == 3)
  }

  @Test func echoWithChecksumForContentLengthAndChunkedBodies() async throws {
    let payload = MockHTTPPayload.bytes(100_000)
    let (responses, requests, _) = try await exchange(.echo) { client in
      try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(payload.count)\r\n\r\n")
      try client.send(payload)
      return [
        try client.readResponse(),
        try client.request(
          "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
        ),
      ]
    }
    #expect(responses[0].body == payload)
    #expect(responses[0].header("x-checksum") == MockHTTPPayload.checksum(payload))
    #expect(responses[0].header("x-body-length") == "100000")
    #expect(responses[1].bodyText == "abcde")
    #expect(requests.last?.body == Array("abcde".utf8))
  }

  @Test func chunkedAndLargeResponses() async throws {
    let behaviour = MockHTTPServer.Behaviour.route {
      $0.target == "/chunked" ? .chunked(bytes: 10_000, chunkSize: 3000) : .large(bytes: 10 << 20)
    }
    let (responses, _, _) = try await exchange(behaviour) { client in
      [
        try client.request("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n"),
        try client.request("GET /large HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]
    }
    #expect(responses[0].framing == .chunked)
    #expect(responses[0].body == MockHTTPPayload.bytes(10_000))
    #expect(responses[1].framing == .contentLength(10 << 20))
    #expect(MockHTTPPayload.checksum(responses[1].body) == responses[1].header("x-checksum"))
  }

  @Test func continueBeforeTheBody() async throws {
    let (responses, _, _) = try await exchange(.continueThenEcho) { client in
      try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
      let interim = try client.readResponse()
      try client.send("hello")
      return [interim, try client.readResponse(toMethod: "POST")]
    }
    #expect(responses.map(\.status) == [100, 200])
    #expect(responses[1].bodyText == "hello")
  }

  @Test func closeWithoutAnswer() async throws {
    let (closed, requests, _) = try await exchange(.closeWithoutAnswer) { client in
      try client.send(Self.get)
      return client.waitForClose()
    }
    #expect(closed)
    #expect(requests.count == 1)
  }

  @Test func garbageIsNotAResponse() async throws {
    let (failure, _, _) = try await exchange(.garbage) { client in
      try client.send(Self.get)
      return Result { try client.readResponse() }
    }
    #expect(throws: HTTPTestClient.Failure.self) { try failure.get() }
  }

  @Test func neverAnswerTimesOut() async throws {
    let (failure, requests, _) = try await exchange(.neverAnswer, timeoutSeconds: 1) { client in
      try client.send(Self.get)
      return Result { try client.readResponse() }
    }
    #expect(throws: HTTPTestClient.Failure.self) { try failure.get() }
    #expect(requests.count == 1)
  }

  @Test func switchingProtocolsThenEcho() async throws {
    let (result, requests, _) = try await exchange(.switchingProtocols) { client in
      try client.send("GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nearly")
      let switched = try client.readResponse()
      let early = try client.readRaw(count: 5)
      try client.send("ping")
      return (switched.status, early, try client.readRaw(count: 4))
    }
    #expect(result.0 == 101)
    #expect(result.1 == Array("early".utf8))
    #expect(result.2 == Array("ping".utf8))
    #expect(requests.first?.header("upgrade") == "websocket")
  }

  @Test func closeAfterAnswer() async throws {
    let (result, _, _) = try await exchange(.closeAfterAnswer(body: "bye")) { client in
      (try client.request(Self.get), client.waitForClose())
    }
    #expect(result.0.header("connection") == "close")
    #expect(result.0.bodyText == "bye")
    #expect(result.1)
  }

  @Test func http10ClosesAfterTheAnswer() async throws {
    let (result, _, _) = try await exchange(.fixed(body: "old")) { client in
      (try client.request("GET / HTTP/1.0\r\n\r\n"), client.waitForClose())
    }
    #expect(result.0.bodyText == "old")
    #expect(result.0.header("connection") == "close")
    #expect(result.1)
  }
}

/// The client's body-until-close framing, against a raw TCP server.
@Suite struct HTTPTestClientTests {
  @Test func readsABodyUntilTheServerCloses() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server = try await MockTCPServer.start(.greetThenEcho("HTTP/1.1 200 OK\r\nX-A: b\r\n\r\nstart:"), group: group)
    let response = try await DedicatedThread.run {
      let client = try HTTPTestClient(port: server.port, timeoutSeconds: 5)
      try client.send("tail")
      client.shutdownWrite()
      return try client.readResponse()
    }
    #expect(response.framing == .untilClose)
    #expect(response.bodyText == "start:tail")
    #expect(response.fieldNames == ["X-A"])
    try await server.close()
    try await group.shutdownGracefully()
  }
}
