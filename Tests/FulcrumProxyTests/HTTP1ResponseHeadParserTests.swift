import FulcrumProxy
import Testing

@Suite struct HTTP1ResponseHeadParserTests {
  typealias M = HTTP1TestMessages

  @Test func typicalResponse() {
    let text = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello"
    let parsed = M.response(text)
    #expect(parsed.length == text.utf8.count - 5)
    #expect(parsed.head.status == 200)
    #expect(parsed.reason == "OK")
    #expect(parsed.head.version == .http11)
    #expect(parsed.head.framing == .contentLength(5))
    #expect(parsed.head.isKeepAlive)
    #expect(!parsed.head.isInterim)
    #expect(parsed.head.headers.fields.count == 3)
  }

  @Test func statusLineForms() {
    #expect(M.response("HTTP/1.1 404 Not Found Here\r\n\r\n").reason == "Not Found Here")
    #expect(M.response("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").reason == "")
    // No SP after the code: accepted as HAProxy does.
    #expect(M.response("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").head.status == 200)
    #expect(M.response("HTTP/1.1 600 Odd\r\n\r\n").head.status == 600)
    #expect(M.response("HTTP/1.1 200 O\u{01}K\r\n\r\n").head.status == 200)
    #expect(M.response("HTTP/1.0 200 OK\r\n\r\n").head.version == .http10)
  }

  struct Framing: Sendable, CustomTestStringConvertible {
    var status: Int
    var method: HTTP1Method
    var fields: String
    var framing: HTTP1BodyFraming
    var testDescription: String { "\(method) \(status) \(fields.debugDescription)" }
  }

  static let framings: [Framing] = [
    Framing(status: 200, method: .get, fields: "Content-Length: 7", framing: .contentLength(7)),
    Framing(status: 200, method: .get, fields: "Transfer-Encoding: chunked", framing: .chunked),
    Framing(status: 200, method: .get, fields: "X: y", framing: .untilClose),
    Framing(status: 200, method: .head, fields: "Content-Length: 7", framing: .empty),
    Framing(status: 200, method: .head, fields: "Transfer-Encoding: chunked", framing: .empty),
    Framing(status: 204, method: .get, fields: "Content-Length: 7", framing: .empty),
    Framing(status: 304, method: .get, fields: "Content-Length: 7", framing: .empty),
    Framing(status: 100, method: .post, fields: "X: y", framing: .empty),
    Framing(status: 103, method: .get, fields: "Link: </a>", framing: .empty),
    Framing(status: 101, method: .get, fields: "Upgrade: websocket", framing: .tunnel),
    Framing(status: 200, method: .connect, fields: "X: y", framing: .tunnel),
    Framing(status: 407, method: .connect, fields: "Content-Length: 2", framing: .contentLength(2)),
    Framing(status: 500, method: .post, fields: "Content-Length: 0", framing: .contentLength(0)),
  ]

  @Test(arguments: framings)
  func framingFollowsRFC9112Section6_3(_ test: Framing) {
    let parsed = M.response("HTTP/1.1 \(test.status) X\r\n\(test.fields)\r\n\r\n", to: test.method)
    #expect(parsed.head.framing == test.framing, "\(parsed.result)")
  }

  @Test func interimResponsesAreFollowedByTheFinalOne() {
    let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
    let bytes = M.bytes(text)
    var parser = HTTP1ResponseHeadParser()
    var head = HTTP1ResponseHead()
    #expect(parser.parse(bytes.span, requestMethod: .post, into: &head) == .complete(length: 25))
    #expect(head.isInterim)
    parser.reset()
    let rest = Array(bytes[25...])
    #expect(parser.parse(rest.span, requestMethod: .post, into: &head) == .complete(length: 38))
    #expect(head.status == 200)
    #expect(head.framing == .contentLength(2))
  }

  @Test func suspectFramingIsReadAsChunkedThenClosed() {
    // HAProxy 2.6 answers 200 and drops Content-Length; so do we, and close the server side.
    let both = M.response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
    #expect(both.head.framing == .chunked)
    #expect(both.head.mustCloseAfterBody)
    #expect(both.head.headers.needsFramingRewrite)
    #expect(!both.head.isKeepAlive)
    let old = M.response("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n")
    #expect(old.head.framing == .chunked)
    #expect(!old.head.isKeepAlive)
    #expect(!M.response("HTTP/1.1 200 OK\r\n\r\n").head.isKeepAlive)
    #expect(!M.response("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").head.isKeepAlive)
    #expect(M.response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").head.isKeepAlive)
  }

  @Test(arguments: [
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
      HTTP1ParseError.Reason.conflictingContentLength
    ),
    ("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", .invalidContentLength),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", .transferEncodingNotChunked),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferCoding),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .transferEncodingNotChunked),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .chunkedAppliedTwice),
    // HAProxy 2.6 unfolds and accepts; RFC 9112 §5.2 lets a proxy answer 502 instead.
    ("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", .obsoleteLineFolding),
    ("HTTP/1.1 200 OK\nContent-Length: 2\n\n", .bareLineFeed),
    ("HTTP/1.1 200 OK\r\nX Y: a\r\n\r\n", .invalidHeaderName),
    ("HTTP/1.1 200 OK\r\nX: a\u{00}b\r\n\r\n", .invalidHeaderValue),
    ("HTTP/1.1 99 X\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1 1000 X\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1 099 X\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1 20x X\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1  200 OK\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1 200 O\u{00}K\r\n\r\n", .invalidStatusLine),
    ("HTTP/1.1 200 OK\rX\r\n\r\n", .bareCarriageReturn),
    ("HTTP/1.1 200\n\r\n", .bareLineFeed),
    ("http/1.1 200 OK\r\n\r\n", .invalidStatusLine),
    ("HTTP/2.0 200 OK\r\n\r\n", .unsupportedVersion),
    ("HTTP/1.x 200 OK\r\n\r\n", .invalidStatusLine),
    ("hello world\r\n\r\n", .invalidStatusLine),
    ("\r\nHTTP/1.1 200 OK\r\n\r\n", .invalidStatusLine),
  ])
  func refusedWith502(text: String, reason: HTTP1ParseError.Reason) {
    let parsed = M.response(text)
    #expect(parsed.error?.reason == reason, "\(parsed.result)")
    #expect(parsed.error?.status == 502)
  }

  @Test func garbageFailsWithoutWaiting() {
    #expect(M.response("SSH-2").error?.reason == .invalidStatusLine)
    #expect(M.response("HTTP").result == .needMoreBytes)
  }

  @Test func hostIsNotCheckedInResponses() {
    #expect(M.response("HTTP/1.1 200 OK\r\nHost: a\r\nHost: b\r\nContent-Length: 0\r\n\r\n").length != nil)
  }
}
