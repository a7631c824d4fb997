import FulcrumTestSupport
import Testing

/// Bodies through `mode http` end to end: 10 MB each way by `Content-Length`, chunked bodies
/// each way, and the responses that have no body whatever their fields say (HEAD, 204, 304).
/// Checksums (``MockHTTPPayload``) are compared on both ends.
@Suite(.serialized) struct HTTPBodyTests {
  static let tenMegabytes = 10 << 20

  @Test func tenMegabyteRequestBodyArrivesIntact() async throws {
    try await HTTPProxyFixture.with([.echo]) { fixture in
      let payload = MockHTTPPayload.bytes(Self.tenMegabytes)
      let response = try await fixture.client(timeoutSeconds: 10) { client in
        try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: \(payload.count)\r\n\r\n")
        try client.send(payload)
        return try client.readResponse(toMethod: "POST")
      }
      #expect(response.status == 200)
      #expect(response.header("x-body-length") == String(payload.count))
      #expect(response.header("x-checksum") == MockHTTPPayload.checksum(payload))
      #expect(response.body.count == payload.count)
      #expect(response.body == payload)
    }
  }

  @Test func tenMegabyteResponseBodyArrivesIntact() async throws {
    let behaviour = MockHTTPServer.Behaviour.route {
      $0.target == "/large" ? .large(bytes: Self.tenMegabytes) : .fixed(body: "after")
    }
    try await HTTPProxyFixture.with([behaviour]) { fixture in
      let (large, after) = try await fixture.client(timeoutSeconds: 10) { client in
        (try client.request(HTTPRequestText.get("/large")), try client.request(HTTPRequestText.get()))
      }
      #expect(large.framing == .contentLength(Self.tenMegabytes))
      #expect(large.body.count == Self.tenMegabytes)
      #expect(large.header("x-checksum") == MockHTTPPayload.checksum(large.body))
      // The connection carries the next exchange after the large body.
      #expect(after.bodyText == "after")
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }

  @Test func chunkedBodiesPassBothWays() async throws {
    let behaviour = MockHTTPServer.Behaviour.route {
      $0.method == "POST" ? .echo : .chunked(bytes: 300_000, chunkSize: 7_001)
    }
    try await HTTPProxyFixture.with([behaviour]) { fixture in
      // Chunks of uneven sizes, with an extension and a trailer.
      let payload = MockHTTPPayload.bytes(200_000)
      let sizes = [1, 4_095, 65_536, 17, 100_000, 30_351]
      let (echoed, chunked) = try await fixture.client(timeoutSeconds: 5) { client in
        try client.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        var offset = 0
        for (index, size) in sizes.enumerated() {
          try client.send(String(size, radix: 16) + (index == 2 ? ";name=value" : "") + "\r\n")
          try client.send(Array(payload[offset..<offset + size]))
          try client.send("\r\n")
          offset += size
        }
        try client.send("0\r\nX-Trailer: t\r\n\r\n")
        let echoed = try client.readResponse(toMethod: "POST")
        return (echoed, try client.request(HTTPRequestText.get("/down")))
      }
      #expect(sizes.reduce(0, +) == payload.count)
      #expect(echoed.status == 200)
      #expect(echoed.header("x-checksum") == MockHTTPPayload.checksum(payload))
      #expect(echoed.body == payload)
      let received = fixture.servers[0].requests
      try #require(received.count == 2)
      #expect(received[0].header("transfer-encoding") == "chunked")
      #expect(received[0].header("content-length") == nil)
      #expect(chunked.framing == .chunked)
      #expect(chunked.body == MockHTTPPayload.bytes(300_000))
      #expect(chunked.header("x-checksum") == MockHTTPPayload.checksum(chunked.body))
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }

  @Test func headResponseCarriesNoBody() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "hello")]) { fixture in
      let (head, get) = try await fixture.client { client in
        (try client.request(HTTPRequestText.head()), try client.request(HTTPRequestText.get()))
      }
      #expect(head.status == 200)
      #expect(head.header("content-length") == "5")
      #expect(head.body.isEmpty)
      // Had a body followed the HEAD answer, it would be read as the GET's response.
      #expect(get.bodyText == "hello")
      #expect(fixture.servers[0].requests.map(\.method) == ["HEAD", "GET"])
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }

  @Test func noContentAndNotModifiedCarryNoBody() async throws {
    let behaviour = MockHTTPServer.Behaviour.route {
      switch $0.target {
      case "/204": .raw("HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n")
      // A 304's Content-Length describes the representation, not a body that follows.
      case "/304": .raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 100\r\n\r\n")
      default: .fixed(body: "after")
      }
    }
    try await HTTPProxyFixture.with([behaviour]) { fixture in
      let responses = try await fixture.client { client in
        [
          try client.request(HTTPRequestText.get("/204")), try client.request(HTTPRequestText.get("/304")),
          try client.request(HTTPRequestText.get("/")),
        ]
      }
      #expect(responses.map(\.status) == [204, 304, 200])
      #expect(responses[0].header("x-a") == "1")
      #expect(responses[1].header("content-length") == "100")
      #expect(responses[2].bodyText == "after")
      #expect(fixture.servers[0].acceptedConnections == 1)
    }
  }
}
