import FulcrumProxy
import Testing

/// `option accept-invalid-http-request` / `-response`: header names may hold any visible
/// byte and a request target bytes above 0x7F; whitespace in a name, control bytes, bare line
/// ends and the version stay refused, relaxed or not.
@Suite struct HTTP1AcceptInvalidTests {
  typealias M = HTTP1TestMessages

  @Test(arguments: ["X-Bad(Name)", "X@Header", "X-Caf\u{E9}", "X[1]"])
  func visibleNonTokenBytesMakeANameWhenRelaxed(name: String) {
    let text = "GET / HTTP/1.1\r\nHost: x\r\n\(name): v\r\n\r\n"
    #expect(M.request(text).error?.reason == .invalidHeaderName)
    let relaxed = M.request(text, acceptsInvalid: true)
    #expect(relaxed.length == M.bytes(text).count)
    #expect(relaxed.fieldNames.count == 2)
    #expect(relaxed.fieldValues == ["x", "v"])
  }

  @Test(arguments: [
    ("Content-Length : 5", HTTP1ParseError.Reason.spaceBeforeColon),
    ("X Y: v", .invalidHeaderName),
    ("X\u{01}Y: v", .invalidHeaderName),
    ("X\u{7F}: v", .invalidHeaderName),
  ])
  func whitespaceAndControlsStayRefused(line: String, reason: HTTP1ParseError.Reason) {
    let text = "GET / HTTP/1.1\r\nHost: x\r\n\(line)\r\n\r\n"
    #expect(M.request(text, acceptsInvalid: true).error?.reason == reason, "\(line.debugDescription)")
  }

  @Test func nonASCIITargetBytesPassWhenRelaxed() {
    let text = "GET /caf\u{C3}\u{A9}?q=\u{FF} HTTP/1.1\r\nHost: x\r\n\r\n"
    #expect(M.request(text).error?.reason == .invalidTarget)
    let relaxed = M.request(text, acceptsInvalid: true)
    #expect(relaxed.error == nil)
    #expect(relaxed.head.targetRange.count == 10)
    // Controls and spaces never do.
    #expect(
      M.request("GET /a\u{01}b HTTP/1.1\r\nHost: x\r\n\r\n", acceptsInvalid: true).error?.reason == .invalidTarget)
  }

  @Test func theVersionIsNotRelaxed() {
    #expect(M.request("GET / RTSP/1.0\r\nHost: x\r\n\r\n", acceptsInvalid: true).error?.reason == .invalidVersion)
  }

  @Test func responseNamesAreRelaxedToo() {
    let text = "HTTP/1.1 200 OK\r\nX(Odd): 1\r\nContent-Length: 0\r\n\r\n"
    #expect(M.response(text).error?.reason == .invalidHeaderName)
    #expect(M.response(text, acceptsInvalid: true).error == nil)
  }
}

/// HTTP/1.0 GET, HEAD and DELETE with a body get 413 as in HAProxy 2.6, unless the global
/// `h1-accept-payload-with-any-method` says otherwise; HTTP/1.1 and empty bodies pass.
@Suite struct HTTP1PayloadMethodTests {
  static func parse(_ text: String, acceptsAny: Bool = false) -> HTTP1HeadParseResult {
    var parser = HTTP1RequestHeadParser()
    parser.acceptsPayloadWithAnyMethod = acceptsAny
    var head = HTTP1RequestHead()
    return parser.parse(HTTP1TestMessages.bytes(text).span, into: &head)
  }

  @Test(arguments: ["GET", "HEAD", "DELETE"])
  func http10BodiesOnTheseMethodsAre413(method: String) {
    let text = "\(method) / HTTP/1.0\r\nContent-Length: 2\r\n\r\n"
    guard case .invalid(let error) = Self.parse(text) else {
      Issue.record("\(method) with a body was accepted")
      return
    }
    #expect(error.reason == .payloadInHTTP10Method)
    #expect(error.status == 413)
    guard case .complete = Self.parse(text, acceptsAny: true) else {
      Issue.record("h1-accept-payload-with-any-method did not accept it")
      return
    }
  }

  @Test(arguments: [
    "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n", "GET / HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
    "POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\n",
  ])
  func othersPass(text: String) {
    guard case .complete = Self.parse(text) else {
      Issue.record("refused: \(text.debugDescription)")
      return
    }
  }
}
