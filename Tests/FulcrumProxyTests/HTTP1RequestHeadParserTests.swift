import FulcrumProxy
import NIOCore
import Testing

@Suite struct HTTP1RequestHeadParserTests {
  typealias M = HTTP1TestMessages

  static let browserGet =
    "GET /search?q=fulcrum&lang=en HTTP/1.1\r\nHost: www.example.com\r\n"
    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    + "Accept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.5\r\n"
    + "Accept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\nCookie: session=abc123\r\n"
    + "Upgrade-Insecure-Requests: 1\r\n\r\n"

  @Test func typicalBrowserRequest() throws {
    let parsed = M.request(Self.browserGet)
    #expect(parsed.length == Self.browserGet.utf8.count)
    #expect(parsed.head.length == Self.browserGet.utf8.count)
    #expect(parsed.head.method == .get)
    #expect(parsed.method == "GET")
    #expect(parsed.target == "/search?q=fulcrum&lang=en")
    #expect(parsed.head.targetForm == .origin)
    #expect(parsed.path == "/search")
    #expect(parsed.text(parsed.head.queryRange) == "q=fulcrum&lang=en")
    #expect(parsed.head.version == .http11)
    #expect(
      parsed.fieldNames == [
        "Host", "User-Agent", "Accept", "Accept-Language", "Accept-Encoding", "Connection", "Cookie",
        "Upgrade-Insecure-Requests",
      ])
    #expect(parsed.fieldValues[1] == "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
    #expect(parsed.text(parsed.head.hostRange) == "www.example.com")
    #expect(
      parsed.head.headers.fields.map(\.kind) == [.host, .other, .other, .other, .other, .connection, .other, .other])
    #expect(parsed.head.headers.connection == .keepAlive)
    #expect(parsed.head.isKeepAlive)
    #expect(parsed.head.framing == .empty)
    #expect(!parsed.head.framing.hasBody)
    #expect(!parsed.head.headers.needsFramingRewrite)
    let bytes = parsed.bytes
    #expect(parsed.head.headers.firstIndex(of: "accept-encoding", in: bytes.span) == 4)
    #expect(parsed.head.headers.firstIndex(of: "x-missing", in: bytes.span) == nil)
    let cookie = parsed.head.headers.fields[6].lineRange(in: bytes.span)
    #expect(M.text(bytes, cookie) == "Cookie: session=abc123\r\n")
  }

  @Test(arguments: [
    ("GET", HTTP1Method.get), ("HEAD", .head), ("POST", .post), ("PUT", .put), ("DELETE", .delete),
    ("OPTIONS", .options), ("TRACE", .trace), ("PATCH", .patch), ("get", .other), ("PROPFIND", .other),
    ("M-SEARCH", .other), ("X", .other), ("GETS", .other), ("POS", .other),
  ])
  func methods(text: String, method: HTTP1Method) {
    let parsed = M.request("\(text) / HTTP/1.1\r\nHost: a\r\n\r\n")
    #expect(parsed.head.method == method)
    #expect(parsed.method == text)
  }

  @Test func connectTakesAnAuthority() {
    let parsed = M.request("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
    #expect(parsed.head.method == .connect)
    #expect(parsed.head.targetForm == .authority)
    #expect(parsed.text(parsed.head.authorityRange) == "example.com:443")
    #expect(parsed.path.isEmpty)
    let ipv6 = M.request("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n")
    #expect(ipv6.text(ipv6.head.authorityRange) == "[::1]:8443")
  }

  @Test func targetForms() {
    let absolute = M.request("GET http://Example.com:80/a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
    #expect(absolute.head.targetForm == .absolute)
    #expect(absolute.text(absolute.head.schemeRange) == "http")
    #expect(absolute.text(absolute.head.authorityRange) == "Example.com:80")
    #expect(absolute.path == "/a/b")
    #expect(absolute.text(absolute.head.queryRange) == "x=1")
    let noPath = M.request("GET https://a HTTP/1.1\r\n\r\n")
    #expect(noPath.head.targetForm == .absolute)
    #expect(noPath.path.isEmpty)
    #expect(noPath.head.queryRange == nil)
    let query = M.request("GET http://a?q HTTP/1.1\r\n\r\n")
    #expect(query.text(query.head.authorityRange) == "a")
    #expect(query.text(query.head.queryRange) == "q")
    let asterisk = M.request("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
    #expect(asterisk.head.targetForm == .asterisk)
    let emptyQuery = M.request("GET /x? HTTP/1.1\r\n\r\n")
    #expect(emptyQuery.path == "/x")
    #expect(emptyQuery.text(emptyQuery.head.queryRange) == "")
    let twoMarks = M.request("GET /x?a?b HTTP/1.1\r\n\r\n")
    #expect(twoMarks.text(twoMarks.head.queryRange) == "a?b")
    let quoted = M.request("GET /a\"b|{}^`\\<> HTTP/1.1\r\n\r\n")
    #expect(quoted.target == "/a\"b|{}^`\\<>")
  }

  @Test(arguments: [
    ("http://a/x", "a"), ("http://a:80/x", "a"), ("http://a/x", "a:80"), ("https://a:443/x", "a"),
    ("https://a/x", "A:443"), ("http://u:p@a/x", "a"), ("http://a:/x", "a"), ("http://[::1]:80/", "[::1]"),
  ])
  func absoluteTargetMatchesHostAsHAProxyDoes(target: String, host: String) {
    let parsed = M.request("GET \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n")
    #expect(parsed.length != nil, "\(parsed.result)")
  }

  @Test func versions() {
    #expect(M.request("GET / HTTP/1.0\r\n\r\n").head.version == .http10)
    #expect(M.request("GET / HTTP/1.1\r\n\r\n").head.version == .http11)
    // RFC 9110 §2.5: a later minor version is handled as the highest one we know.
    #expect(M.request("GET / HTTP/1.2\r\n\r\n").head.version == .http11)
  }

  @Test func keepAliveFollowsVersionAndConnection() {
    #expect(M.request("GET / HTTP/1.1\r\n\r\n").head.isKeepAlive)
    #expect(!M.request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").head.isKeepAlive)
    #expect(!M.request("GET / HTTP/1.0\r\n\r\n").head.isKeepAlive)
    #expect(M.request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head.isKeepAlive)
    #expect(!M.request("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").head.isKeepAlive)
    let options = M.request("GET / HTTP/1.1\r\nConnection: Upgrade, X-Hop,, close\r\nConnection: te\r\n\r\n")
    #expect(options.head.headers.connection == [.upgrade, .other, .close])
  }

  @Test func hopByHopNamesAreWalkedFromConnection() throws {
    let parsed = M.request("GET / HTTP/1.1\r\nConnection: keep-alive, X-Trace ,Foo\r\nX-Trace: 1\r\n\r\n")
    let field = parsed.head.headers.fields[0]
    var cursor = HTTP1ListCursor(field.valueRange)
    var tokens: [String] = []
    while let token = cursor.next(in: parsed.bytes.span) { tokens.append(M.text(parsed.bytes, token)) }
    #expect(tokens == ["keep-alive", "X-Trace", "Foo"])
    #expect(HTTP1KnownHeader.connection.isHopByHop && HTTP1KnownHeader.te.isHopByHop)
    #expect(!HTTP1KnownHeader.host.isHopByHop && !HTTP1KnownHeader.contentLength.isHopByHop)
  }

  @Test func upgradeAndExpect() {
    let websocket = M.request(
      "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    #expect(websocket.head.headers.connection == .upgrade)
    #expect(websocket.head.headers.upgradeIndex == 1)
    #expect(websocket.fieldValues[1] == "websocket")
    let expect = M.request("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n")
    #expect(expect.head.headers.expectsContinue)
    #expect(!M.request("POST / HTTP/1.1\r\nExpect: foo\r\nContent-Length: 3\r\n\r\n").head.headers.expectsContinue)
  }

  @Test func bodyFraming() {
    #expect(M.request("POST / HTTP/1.1\r\nContent-Length: 42\r\n\r\n").head.framing == .contentLength(42))
    #expect(M.request("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").head.framing.hasBody == false)
    #expect(M.request("POST / HTTP/1.1\r\nContent-Length: 003\r\n\r\n").head.framing == .contentLength(3))
    #expect(
      M.request("POST / HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n").head.framing
        == .contentLength(Int.max))
    let chunked = M.request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
    #expect(chunked.head.framing == .chunked)
    #expect(chunked.head.headers.hasTransferEncoding)
    #expect(!chunked.head.headers.needsFramingRewrite)
    #expect(M.request("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").head.framing == .chunked)
  }

  @Test func framingFieldsInAnUnusualFormAreFlaggedForRewrite() {
    let cases = [
      "Content-Length: 3\r\nContent-Length: 3", "Content-Length: 3, 3", "Transfer-Encoding: CHUNKED",
      "Transfer-Encoding:  chunked ,", "Transfer-Encoding: , chunked", "Host: a\r\nHost: A",
    ]
    for fields in cases {
      let parsed = M.request("POST / HTTP/1.1\r\n\(fields)\r\n\r\n")
      #expect(parsed.length != nil, "\(fields): \(parsed.result)")
      #expect(parsed.head.headers.needsFramingRewrite, "\(fields)")
    }
    #expect(M.request("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n").head.framing == .contentLength(3))
    #expect(M.request("POST / HTTP/1.1\r\nHost: a\r\nHost: A\r\n\r\n").head.headers.hostIndex == 0)
  }

  @Test func valuesLoseSurroundingWhitespaceAndKeepOtherBytes() {
    let parsed = M.request(
      "GET / HTTP/1.1\r\nA:\t x y \t\r\nB:\r\nC:   \r\nD: \u{01}\u{7F}\u{FF}\u{80}\r\nE:x\r\n\r\n")
    #expect(parsed.fieldValues == ["x y", "", "", "\u{01}\u{7F}\u{FFFD}\u{FFFD}", "x"])
    #expect(parsed.head.headers.fields[1].valueRange.isEmpty)
    let bytes = parsed.head.headers.fields[3].valueRange.map { parsed.bytes[$0] }
    #expect(bytes == [0x01, 0x7F, 0xFF, 0x80])
  }

  @Test func missingHostIsAcceptedAsHAProxyDoes() {
    // RFC 9112 §3.2 asks origin servers to refuse it; HAProxy 2.6 forwards it, and so do we.
    let parsed = M.request("GET / HTTP/1.1\r\n\r\n")
    #expect(parsed.length == 18)
    #expect(parsed.head.hostRange == nil)
    #expect(
      M.request("GET / HTTP/1.1\r\nHost:\r\n\r\n").text(M.request("GET / HTTP/1.1\r\nHost:\r\n\r\n").head.hostRange)
        == "")
  }

  @Test func leadingEmptyLinesAreSkipped() {
    let parsed = M.request("\r\n\r\n\nGET / HTTP/1.1\r\n\r\n")
    #expect(parsed.head.startOffset == 5)
    #expect(parsed.length == 23)
    #expect(parsed.method == "GET")
  }

  @Test func byteBufferEntryPointCountsFromTheReaderIndex() {
    var buffer = ByteBuffer(string: "xxxxGET /a HTTP/1.1\r\nHost: b\r\n\r\nrest")
    buffer.moveReaderIndex(forwardBy: 4)
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    #expect(parser.parse(buffer, into: &head) == .complete(length: 28))
    #expect(buffer.getString(at: buffer.readerIndex + head.targetRange.lowerBound, length: 2) == "/a")
    // A finished parser repeats its result until reset.
    #expect(parser.parse(buffer, into: &head) == .complete(length: 28))
  }

  @Test func pipelinedRequestsParseOneAfterTheOther() {
    var buffer = ByteBuffer(
      string:
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiHEAD /3 HTTP/1.1\r\n\r\n")
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    var seen: [String] = []
    while buffer.readableBytes > 0 {
      parser.reset()
      guard case .complete(let length) = parser.parse(buffer, into: &head) else {
        Issue.record("incomplete")
        return
      }
      seen.append(
        buffer.getString(at: buffer.readerIndex + head.targetRange.lowerBound, length: head.targetRange.count)!)
      buffer.moveReaderIndex(forwardBy: length)
      var framer = HTTP1BodyFramer(framing: head.framing, side: .request)
      if case .end(let count) = framer.consume(buffer) { buffer.moveReaderIndex(forwardBy: count) }
    }
    #expect(seen == ["/1", "/2", "/3"])
  }
}
