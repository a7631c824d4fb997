import FulcrumProxy
import Testing

/// Every malformed or ambiguous request head the parser refuses, with the reason and the status
/// the client gets. Statuses follow HAProxy 2.6 where it refuses the same request; where it
/// accepts one that a proxy forwarding original bytes cannot (noted "HAProxy: 200"), the status
/// is the one RFC 9112 names.
@Suite struct HTTP1RequestRejectionTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var message: String
    var reason: HTTP1ParseError.Reason
    var status: Int
    var testDescription: String { name }

    init(_ name: String, _ message: String, _ reason: HTTP1ParseError.Reason, _ status: Int = 400) {
      self.name = name
      self.message = message
      self.reason = reason
      self.status = status
    }
  }

  static let host = "Host: a\r\n"

  static let smuggling: [Case] = [
    // HAProxy: 200 after dropping Content-Length. RFC 9112 §6.3 lets a server reject; we do.
    Case(
      "CL and TE", "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
      .contentLengthWithTransferEncoding),
    Case(
      "TE then CL", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
      .contentLengthWithTransferEncoding),
    Case(
      "differing CL fields", "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
      .conflictingContentLength),
    Case("differing CL list", "POST / HTTP/1.1\r\n\(host)Content-Length: 3, 4\r\n\r\n", .conflictingContentLength),
    Case("CL not digits", "POST / HTTP/1.1\r\n\(host)Content-Length: 3a\r\n\r\n", .invalidContentLength),
    Case("CL plus sign", "POST / HTTP/1.1\r\n\(host)Content-Length: +3\r\n\r\n", .invalidContentLength),
    Case("CL negative", "POST / HTTP/1.1\r\n\(host)Content-Length: -3\r\n\r\n", .invalidContentLength),
    Case("CL empty", "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n", .invalidContentLength),
    Case("CL hex", "POST / HTTP/1.1\r\n\(host)Content-Length: 0x3\r\n\r\n", .invalidContentLength),
    Case("CL inner space", "POST / HTTP/1.1\r\n\(host)Content-Length: 1 2\r\n\r\n", .invalidContentLength),
    Case("CL trailing comma", "POST / HTTP/1.1\r\n\(host)Content-Length: 3,\r\n\r\n", .invalidContentLength),
    Case("CL empty element", "POST / HTTP/1.1\r\n\(host)Content-Length: 3,,3\r\n\r\n", .invalidContentLength),
    Case(
      "CL 2^63", "POST / HTTP/1.1\r\n\(host)Content-Length: 9223372036854775808\r\n\r\n", .invalidContentLength),
    Case(
      "CL overflow", "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n",
      .invalidContentLength),
    Case("TE gzip", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", .transferEncodingNotChunked),
    Case("TE unknown", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xyz\r\n\r\n", .transferEncodingNotChunked),
    Case(
      "TE identity", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: identity\r\n\r\n", .transferEncodingNotChunked),
    Case("TE empty", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding:\r\n\r\n", .transferEncodingNotChunked),
    Case(
      "TE chunked then gzip", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n",
      .transferEncodingNotChunked),
    Case(
      "TE chunked with parameter", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked;q=1\r\n\r\n",
      .transferEncodingNotChunked),
    Case(
      "TE chunked twice", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n",
      .chunkedAppliedTwice),
    Case(
      "TE chunked in two fields",
      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
      .chunkedAppliedTwice),
    Case(
      "TE gzip then chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n",
      .unsupportedTransferCoding, 422),
    Case(
      "TE gzip and chunked fields",
      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
      .unsupportedTransferCoding, 422),
    // HAProxy: 200. RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
    Case(
      "TE in HTTP/1.0", "POST / HTTP/1.0\r\n\(host)Transfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
    // HAProxy: 200 after unfolding. RFC 9112 §5.2 lets a server reject obs-fold; we do.
    Case("obs-fold with SP", "GET / HTTP/1.1\r\n\(host)X: a\r\n b\r\n\r\n", .obsoleteLineFolding),
    Case("obs-fold with HTAB", "GET / HTTP/1.1\r\n\(host)X: a\r\n\tb\r\n\r\n", .obsoleteLineFolding),
    Case(
      "obs-fold hiding TE", "POST / HTTP/1.1\r\n\(host)X: a\r\n Transfer-Encoding: chunked\r\n\r\n",
      .obsoleteLineFolding),
    Case("whitespace before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsoleteLineFolding),
    // HAProxy: 200 (it rewrites line ends). We forward lines as they came, so a bare LF would
    // be read differently by a recipient that does not accept it (RFC 9112 §2.2).
    Case("bare LF everywhere", "GET / HTTP/1.1\nHost: a\n\n", .bareLineFeed),
    Case("bare LF after a field", "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", .bareLineFeed),
    Case("bare LF ending the head", "GET / HTTP/1.1\r\n\(host)\n", .bareLineFeed),
    Case(
      "bare LF hiding TE", "POST / HTTP/1.1\r\n\(host)X: a\nTransfer-Encoding: chunked\r\n\r\n", .bareLineFeed),
    Case("bare CR in value", "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n", .bareCarriageReturn),
    Case("bare CR ending the head", "GET / HTTP/1.1\r\n\(host)\rX", .bareCarriageReturn),
    Case("bare CR after the request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", .bareCarriageReturn),
    // HAProxy 2.6: 200. RFC 9110 §5.5: NUL in a value must be rejected or replaced.
    Case("NUL in value", "GET / HTTP/1.1\r\n\(host)X: a\u{00}b\r\n\r\n", .invalidHeaderValue),
    Case("space in name", "GET / HTTP/1.1\r\n\(host)X Y: z\r\n\r\n", .invalidHeaderName),
    Case("space before colon", "GET / HTTP/1.1\r\n\(host)X : z\r\n\r\n", .spaceBeforeColon),
    Case("HTAB before colon", "GET / HTTP/1.1\r\n\(host)X\t: z\r\n\r\n", .spaceBeforeColon),
    Case(
      "space before colon of TE", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding : chunked\r\n\r\n",
      .spaceBeforeColon),
    Case("empty name", "GET / HTTP/1.1\r\n\(host): z\r\n\r\n", .invalidHeaderName),
    Case("no colon", "GET / HTTP/1.1\r\n\(host)XYZ\r\n\r\n", .missingColon),
    Case("@ in name", "GET / HTTP/1.1\r\n\(host)X@Y: z\r\n\r\n", .invalidHeaderName),
    Case("non-ASCII in name", "GET / HTTP/1.1\r\n\(host)X\u{E9}: z\r\n\r\n", .invalidHeaderName),
    Case("NUL in name", "GET / HTTP/1.1\r\n\(host)X\u{00}: z\r\n\r\n", .invalidHeaderName),
    Case("differing Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .conflictingHost),
    Case("absolute target, other Host", "GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n", .hostMismatchesTarget),
    Case("absolute target, other port", "GET http://a:81/x HTTP/1.1\r\nHost: a\r\n\r\n", .hostMismatchesTarget),
  ]

  static let requestLines: [Case] = [
    Case("invalid method byte", "G(T / HTTP/1.1\r\n\(host)\r\n", .invalidMethod),
    Case("empty method", " / HTTP/1.1\r\n\(host)\r\n", .invalidMethod),
    Case("HTAB after method", "GET\t/ HTTP/1.1\r\n\(host)\r\n", .invalidMethod),
    // HAProxy: 200 (it splits on any whitespace); RFC 9112 §3 warns that this invites smuggling.
    Case("two spaces after method", "GET  / HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("space in target", "GET /a b HTTP/1.1\r\n\(host)\r\n", .invalidVersion),
    Case("control byte in target", "GET /a\u{01}b HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("DEL in target", "GET /a\u{7F}b HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("non-ASCII in target", "GET /a\u{E9}b HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("fragment in target", "GET /a#b HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("HTTP/0.9 request", "GET /\r\n\r\n", .invalidTarget),
    Case("relative target", "GET a HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("scheme without authority", "GET http:///x HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("CONNECT without port", "CONNECT a HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("CONNECT with a path", "CONNECT /x HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("CONNECT with a letter port", "CONNECT a:8x HTTP/1.1\r\n\(host)\r\n", .invalidTarget),
    Case("lowercase version", "GET / http/1.1\r\n\(host)\r\n", .invalidVersion),
    Case("two-digit minor", "GET / HTTP/1.10\r\n\(host)\r\n", .invalidVersion),
    Case("two-digit major", "GET / HTTP/11.1\r\n\(host)\r\n", .invalidVersion),
    Case("other protocol", "GET / RTSP/1.0\r\n\(host)\r\n", .invalidVersion),
    Case("space after version", "GET / HTTP/1.1 \r\n\(host)\r\n", .invalidVersion),
    Case("bare LF after version", "GET / HTTP/1.1\n\(host)\r\n", .bareLineFeed),
    // HAProxy: 200, forwarded as HTTP/1.1. A proxy forwarding the line as written answers 505.
    Case("HTTP/2.0 on HTTP/1", "GET / HTTP/2.0\r\n\(host)\r\n", .unsupportedVersion, 505),
    Case("HTTP/0.9 with headers", "GET / HTTP/0.9\r\n\(host)\r\n", .unsupportedVersion, 505),
    // HAProxy switches to HTTP/2 here; Fulcrum speaks HTTP/1 only.
    Case("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .http2Preface, 505),
  ]

  @Test(arguments: smuggling + requestLines)
  func refused(_ test: Case) {
    let parsed = HTTP1TestMessages.request(test.message)
    #expect(parsed.error?.reason == test.reason, "\(parsed.result)")
    #expect(parsed.error?.status == test.status)
    #expect(parsed.error?.side == .request)
  }

  @Test func errorsSayWhere() throws {
    let error = try #require(HTTP1TestMessages.request("GET / HTTP/1.1\r\nHost: a\r\nX Y: z\r\n\r\n").error)
    #expect(error.offset == 26)
    #expect(error.description == "400: header name has a byte that is not a token character, or is empty at byte 26")
    for reason in HTTP1ParseError.Reason.allCases {
      #expect(!reason.description.isEmpty)
      #expect(HTTP1ParseError(reason, side: .response, offset: 0).status == 502)
    }
  }

  @Test func invalidBytesFailWithoutWaitingForTheLineEnd() {
    #expect(HTTP1TestMessages.request("G(").error?.reason == .invalidMethod)
    #expect(HTTP1TestMessages.request("GET /\u{01}").error?.reason == .invalidTarget)
    #expect(HTTP1TestMessages.request("GET / HTTP/1.1\r\nX Y").error?.reason == .invalidHeaderName)
    #expect(HTTP1TestMessages.request("GET / HTTP/1.1\r\nX ").error == nil)
    #expect(HTTP1TestMessages.request("GET / HTTP/1.1\r\nX: \u{00}").error?.reason == .invalidHeaderValue)
    #expect(HTTP1TestMessages.request("\u{16}\u{03}\u{01}\u{02}\u{00}").error?.reason == .invalidMethod)
  }
}
