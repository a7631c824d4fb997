import FulcrumTestSupport
import Testing

/// The responses and request edits the configuration asks for, end to end: an unconditional
/// `http-request return` / `deny`, an `errorfile 503` replacing the built-in page, the lines
/// `option forwardfor` (with `if-none`, `except`, `header`) and `option originalto` add as the
/// server sees them, and `send-proxy` on a `mode http` server.
@Suite(.serialized) struct HTTPRulesEndToEndTests {
  @Test func returnAnswersEveryRequestItself() async throws {
    try await HTTPProxyFixture.with(
      [.fixed()],
      config: {
        HTTPProxyFixture.config(
          servers: $0, listen: "    http-request return status 200 content-type text/plain string \"hi\\n\"")
      }
    ) { fixture in
      let (responses, closed) = try await fixture.client { client in
        let responses = [
          try client.request(HTTPRequestText.get()), try client.request(HTTPRequestText.post(body: "12345")),
          try client.request(HTTPRequestText.head()),
          try client.request(HTTPRequestText.get("/", "Connection: close\r\n")),
        ]
        return (responses, client.waitForClose())
      }
      #expect(responses.map(\.status) == [200, 200, 200, 200])
      #expect(responses[0].rawHead == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n\r\n")
      #expect(responses.map(\.bodyText) == ["hi\n", "hi\n", "", "hi\n"])
      #expect(responses[3].header("connection") == "close")
      #expect(closed)
      #expect(fixture.servers[0].acceptedConnections == 0)
    }
  }

  @Test func denyAnswers403AndKeepsTheClient() async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, listen: "    http-request deny") }
    ) { fixture in
      let responses = try await fixture.client { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get()) }
      }
      #expect(responses.map(\.status) == [403, 403])
      #expect(responses[0].header("connection") == nil)
      #expect(fixture.servers[0].acceptedConnections == 0)
    }
  }

  @Test func errorfileReplacesThe503Page() async throws {
    let directory = try TemporaryDirectory()
    let page = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nbusy!"
    let path = try directory.write("503.http", page)
    try await HTTPProxyFixture.with(
      [], config: { HTTPProxyFixture.config(servers: $0, listen: "    errorfile 503 \(path)") }
    ) { fixture in
      let responses = try await fixture.client { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get()) }
      }
      #expect(responses.map(\.status) == [503, 503])
      #expect(responses.map(\.bodyText) == ["busy!", "busy!"])
      #expect(responses[0].header("content-type") == "text/plain")
    }
  }

  /// Each forwarding setting with a request that has or lacks `X-Forwarded-For`, and the
  /// forwarding fields the server sees, in order.
  @Test(arguments: [
    ("option forwardfor", "", ["X-Forwarded-For: 127.0.0.1"]),
    (
      "option forwardfor", "X-Forwarded-For: 10.0.0.1\r\n", ["X-Forwarded-For: 10.0.0.1", "X-Forwarded-For: 127.0.0.1"]
    ),
    ("option forwardfor if-none", "X-Forwarded-For: 10.0.0.1\r\n", ["X-Forwarded-For: 10.0.0.1"]),
    ("option forwardfor if-none", "", ["X-Forwarded-For: 127.0.0.1"]),
    ("option forwardfor except 127.0.0.0/8", "", []),
    ("option forwardfor except 10.0.0.0/8", "", ["X-Forwarded-For: 127.0.0.1"]),
    (
      "option forwardfor header X-Client", "X-Forwarded-For: 10.0.0.1\r\n",
      ["X-Forwarded-For: 10.0.0.1", "X-Client: 127.0.0.1"]
    ),
    ("option originalto", "", ["X-Original-To: 127.0.0.1"]),
    ("option originalto header X-Dst\n    option forwardfor", "", ["X-Forwarded-For: 127.0.0.1", "X-Dst: 127.0.0.1"]),
  ])
  func forwardingFieldsReachTheServer(_ option: String, _ fields: String, _ expected: [String]) async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, listen: "    \(option)") }
    ) { fixture in
      let statuses = try await fixture.client { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get("/", fields)).status }
      }
      #expect(statuses == [200, 200])
      let forwarded = ["x-forwarded-for", "x-client", "x-original-to", "x-dst"]
      for request in fixture.servers[0].requests {
        let seen = request.fields.filter { forwarded.contains($0.name.lowercased()) }.map { "\($0.name): \($0.value)" }
        #expect(seen == expected, "\(option) with \(fields.debugDescription): \(request)")
      }
      #expect(fixture.servers[0].requestCount == 2)
    }
  }

  @Test func sendProxyOpensEachServerConnectionWithTheClientsAddresses() async throws {
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, serverOptions: "send-proxy") }
    ) { fixture in
      let port = fixture.port
      let clientPorts = try await DedicatedThread.run {
        let first = try HTTPTestClient(port: port, timeoutSeconds: 3)
        let second = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer {
          first.closeNow()
          second.closeNow()
        }
        return [
          try first.request(HTTPRequestText.get()).status, try first.request(HTTPRequestText.get()).status,
          try second.request(HTTPRequestText.get()).status, try second.request(HTTPRequestText.get()).status,
        ]
      }
      #expect(clientPorts == [200, 200, 200, 200])
      let requests = fixture.servers[0].requests
      // The PROXY line names one client: its connection is never shared with another.
      #expect(requests.map(\.connection) == [0, 0, 1, 1])
      for request in requests {
        let parts = request.proxyLine?.split(separator: " ").map(String.init) ?? []
        #expect(parts.count == 6, "\(request.proxyLine ?? "no PROXY line")")
        guard parts.count == 6 else { continue }
        #expect(parts[0...3] == ["PROXY", "TCP4", "127.0.0.1", "127.0.0.1"])
        #expect(parts[5] == String(port))
      }
      #expect(Set(requests.compactMap(\.proxyLine)).count == 2)
    }
  }
}
