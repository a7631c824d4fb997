import FulcrumProxy
import NIOCore

/// The heads the parsing workloads parse, and one parser and head of each kind reused across
/// parses as a session reuses its own. Used only on the measuring thread
/// (a benchmark's, or `instruction-counts`' main).
public final class TypicalHeads {
  /// A browser's request, the same as `HTTP1RequestHeadParserTests.browserGet`: 8 fields, 337
  /// bytes.
  public static let browserGet =
    "GET /search?q=fulcrum&lang=en HTTP/1.1\r\nHost: www.example.com\r\n"
    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    + "Accept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.5\r\n"
    + "Accept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\nCookie: session=abc123\r\n"
    + "Upgrade-Insecure-Requests: 1\r\n\r\n"

  /// A web server's answer to it: 9 fields, 290 bytes, framed by length.
  public static let pageResponse =
    "HTTP/1.1 200 OK\r\nDate: Mon, 23 Nov 2026 16:00:00 GMT\r\nServer: nginx/1.22.1\r\n"
    + "Content-Type: text/html; charset=utf-8\r\nContent-Length: 18734\r\nConnection: keep-alive\r\n"
    + "Cache-Control: private, max-age=0\r\nETag: \"5f3e-1a2b9c\"\r\nVary: Accept-Encoding\r\n"
    + "Last-Modified: Mon, 23 Nov 2026 15:58:12 GMT\r\n\r\n"

  let request = ByteBuffer(string: TypicalHeads.browserGet)
  let response = ByteBuffer(string: TypicalHeads.pageResponse)
  var requestParser = HTTP1RequestHeadParser()
  var requestHead = HTTP1RequestHead()
  var responseParser = HTTP1ResponseHeadParser()
  var responseHead = HTTP1ResponseHead()

  /// Parses both heads once, so the heads' field storage has grown to its size (a session's
  /// first message does the same), and stops the run if either does not parse whole.
  public init() {
    let requestLength = parseRequest()
    let responseLength = parseResponse()
    guard requestLength == request.readableBytes, requestHead.headers.fields.count == 8,
      responseLength == response.readableBytes, responseHead.status == 200
    else {
      fatalError("the benchmark heads did not parse: \(requestLength) and \(responseLength) bytes")
    }
  }

  /// Parses the request head from the start, as a keep-alive session does for each request;
  /// returns its length (0 if it did not parse).
  @inline(never)
  public func parseRequest() -> Int {
    requestParser.reset()
    guard case .complete(let length) = requestParser.parse(request, into: &requestHead) else { return 0 }
    return length
  }

  /// Parses the response head from the start, as the answer to a GET.
  @inline(never)
  public func parseResponse() -> Int {
    responseParser.reset()
    guard case .complete(let length) = responseParser.parse(response, requestMethod: .get, into: &responseHead) else {
      return 0
    }
    return length
  }
}
