import FulcrumTestSupport
import Testing

/// Requests Fulcrum refuses end to end (docs/http1-parsing.md): malformed heads and every
/// request-smuggling form get the built-in 400 (or the status the table gives), the connection
/// closes right after it, and the server never sees the request. A head larger than
/// `tune.bufsize − tune.maxrewrite` is refused the same way.
@Suite(.serialized) struct HTTPRequestRefusalTests {
  /// One malformed request per case; `status` is what Fulcrum answers.
  static let heads: [(String, String, Int)] = [
    (
      "CL with TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400
    ),
    (
      "TE with CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
      400
    ),
    ("differing CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
    ("differing CL list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd", 400),
    ("signed CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400),
    ("hex CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc", 400),
    ("empty CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", 400),
    ("TE gzip", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
    ("TE chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
    (
      "TE coding before chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 422
    ),
    ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n", 400),
    ("space before the first field", "GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400),
    ("bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400),
    ("bare LF after a field", "GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", 400),
    ("bare CR", "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", 400),
    ("NUL in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", 400),
    ("space in a name", "GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n", 400),
    ("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    ("empty name", "GET / HTTP/1.1\r\nHost: x\r\n: x\r\n\r\n", 400),
    ("no colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
    ("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    ("authority differs from Host", "GET http://a/ HTTP/1.1\r\nHost: b\r\n\r\n", 400),
    ("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("HTAB in the request line", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("control byte in the target", "GET /a\u{1}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("DEL in the target", "GET /a\u{7F}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("# in the target", "GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("target without a form", "GET a HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("method not a token", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("version HTTP/1.10", "GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400),
    ("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
    ("no version", "GET /\r\nHost: x\r\n\r\n", 400),
    ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
  ]

  /// Malformed chunked bodies: the head was fine (and went to the server), the body is not.
  static let bodies: [(String, String)] = [
    ("chunk size not hex", "zz\r\nabc\r\n0\r\n\r\n"),
    ("negative chunk size", "-3\r\nabc\r\n0\r\n\r\n"),
    ("0x chunk size", "0x3\r\nabc\r\n0\r\n\r\n"),
    ("empty chunk size", "\r\nabc\r\n0\r\n\r\n"),
    ("junk after the chunk size", "3 x\r\nabc\r\n0\r\n\r\n"),
    ("chunk data without CRLF", "3\r\nabcX\r\n0\r\n\r\n"),
    ("bare LF in a chunk line", "3\nabc\r\n0\r\n\r\n"),
    ("control byte in a chunk extension", "3;a=\u{1}\r\nabc\r\n0\r\n\r\n"),
    ("trailer name with a space", "3\r\nabc\r\n0\r\nBad Trailer: x\r\n\r\n"),
  ]

  static func refusal(
    port: Int, _ request: String
  ) throws -> (response: HTTPTestResponse, closed: Bool) {
    let client = try HTTPTestClient(port: port, timeoutSeconds: 3)
    defer { client.closeNow() }
    try client.send(request)
    let response = try client.readResponse()
    return (response, client.waitForClose())
  }

  @Test func malformedHeadsAreRefusedAndTheConnectionCloses() async throws {
    try await HTTPProxyFixture.with([.fixed()]) { fixture in
      let port = fixture.port
      for (what, request, status) in Self.heads {
        let result = await outcome { try await DedicatedThread.run { try Self.refusal(port: port, request) } }
        guard case .success(let (response, closed)) = result else {
          Issue.record("\(what): \(result)")
          continue
        }
        #expect(response.status == status, "\(what)")
        #expect(response.header("connection") == "close", "\(what)")
        #expect(closed, "\(what): the connection stays open")
      }
      #expect(fixture.servers[0].requestCount == 0, "\(fixture.servers[0].requests)")
    }
  }

  @Test func malformedChunkedBodiesAreRefusedAndTheConnectionCloses() async throws {
    try await HTTPProxyFixture.with([.echo]) { fixture in
      let port = fixture.port
      for (what, body) in Self.bodies {
        let request = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body
        let result = await outcome { try await DedicatedThread.run { try Self.refusal(port: port, request) } }
        guard case .success(let (response, closed)) = result else {
          Issue.record("\(what): \(result)")
          continue
        }
        #expect(response.status == 400, "\(what)")
        #expect(closed, "\(what): the connection stays open")
      }
      // The heads were forwarded; no body was completed at the server.
      #expect(fixture.servers[0].requestCount == 0, "\(fixture.servers[0].requests)")
    }
  }

  @Test func headLargerThanTheBufferIsRefused() async throws {
    let config = {
      HTTPProxyFixture.config(servers: $0, global: "    tune.bufsize 4096\n    tune.maxrewrite 1024")
    }
    try await HTTPProxyFixture.with([.fixed(body: "fits")], config: config) { fixture in
      let port = fixture.port
      let fits = try await DedicatedThread.run {
        let client = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer { client.closeNow() }
        return try client.request(HTTPRequestText.get("/", "X-Big: \(String(repeating: "a", count: 2_500))\r\n"))
      }
      #expect(fits.bodyText == "fits")
      let tooLarge = try await DedicatedThread.run {
        try Self.refusal(port: port, HTTPRequestText.get("/", "X-Big: \(String(repeating: "a", count: 3_500))\r\n"))
      }
      #expect(tooLarge.response.status == 400)
      #expect(tooLarge.closed)
      let longTarget = try await DedicatedThread.run {
        try Self.refusal(port: port, HTTPRequestText.get("/" + String(repeating: "b", count: 3_500)))
      }
      #expect(longTarget.response.status == 400)
      #expect(longTarget.closed)
      #expect(fixture.servers[0].requestCount == 1)
    }
  }
}

/// The outcome of an async throwing call, for tests that go on after a failure.
func outcome<Success>(_ body: () async throws -> Success) async -> Result<Success, any Error> {
  do {
    return .success(try await body())
  } catch {
    return .failure(error)
  }
}
