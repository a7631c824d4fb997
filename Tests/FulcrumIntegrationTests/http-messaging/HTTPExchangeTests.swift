import FulcrumTestSupport
import Testing

/// The exchanges beyond one request and one response, end to end: pipelined requests answered
/// in order, `Expect: 100-continue` with the server's interim response, and an upgrade to a
/// tunnel after `101 Switching Protocols`.
@Suite(.serialized) struct HTTPExchangeTests {
  @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
    try await HTTPProxyFixture.with([.route { .fixed(body: $0.target) }]) { fixture in
      let (responses, closed) = try await fixture.client { client in
        try client.send(
          HTTPRequestText.get("/1") + HTTPRequestText.post("/2", body: "body")
            + HTTPRequestText.get("/3", "Connection: close\r\n"))
        let responses = [try client.readResponse(), try client.readResponse(), try client.readResponse()]
        return (responses, client.waitForClose())
      }
      #expect(responses.map(\.bodyText) == ["/1", "/2", "/3"])
      #expect(responses.map { $0.header("connection") } == [nil, nil, "close"])
      #expect(closed)
      let requests = fixture.servers[0].requests
      #expect(requests.map(\.target) == ["/1", "/2", "/3"])
      #expect(requests[1].body == Array("body".utf8))
      // The client's `Connection: close` is not the server's business.
      #expect(requests[2].header("connection") == nil)
    }
  }

  @Test func halfClosedClientStillGetsItsResponse() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "answer")]) { fixture in
      let (response, closed) = try await fixture.client { client in
        try client.send(HTTPRequestText.get())
        client.shutdownWrite()
        return (try client.readResponse(), client.waitForClose())
      }
      #expect(response.bodyText == "answer")
      // Fulcrum says `Connection: close` here; HAProxy 2.6 sends the response as is, then closes.
      #expect(closed)
    }
  }

  @Test func continueReachesTheClientBeforeTheFinalResponse() async throws {
    try await HTTPProxyFixture.with([.continueThenEcho]) { fixture in
      let (interim, final, next) = try await fixture.client { client in
        try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        // The body is sent only once the 100 has come through the proxy.
        let interim = try client.readResponse()
        try client.send("hello")
        let final = try client.readResponse(toMethod: "POST")
        return (interim, final, try client.request(HTTPRequestText.post(body: "again")))
      }
      #expect(interim.status == 100)
      #expect(final.status == 200)
      #expect(final.bodyText == "hello")
      #expect(next.bodyText == "again")
      #expect(fixture.servers[0].requests.first?.header("expect") == "100-continue")
    }
  }

  @Test func upgradeTurnsTheConnectionIntoATunnel() async throws {
    try await HTTPProxyFixture.with([.switchingProtocols]) { fixture in
      let (switched, early, echoed, large) = try await fixture.client { client in
        try client.send(
          "GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\nearly")
        let switched = try client.readResponse()
        let early = try client.readRaw(count: 5)
        try client.send("ping")
        let echoed = try client.readRaw(count: 4)
        let payload = MockHTTPPayload.bytes(1 << 20)
        try client.send(payload)
        let large = try client.readRaw(count: payload.count)
        return (switched, early, echoed, large == payload)
      }
      #expect(switched.status == 101)
      #expect(switched.header("upgrade") == "websocket")
      #expect(switched.header("connection")?.lowercased() == "upgrade")
      #expect(early == Array("early".utf8))
      #expect(echoed == Array("ping".utf8))
      #expect(large)
      let request = try #require(fixture.servers[0].requests.first)
      #expect(request.header("upgrade") == "websocket")
      #expect(request.header("connection")?.lowercased() == "upgrade")
    }
  }
}
