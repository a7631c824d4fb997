import FulcrumProxy
import NIOCore
import Testing

/// `http-request return` / `deny` payload responses, byte for byte as HAProxy 2.6 writes them.
@Suite struct HTTPImmediateResponseTests {
  func text(_ response: HTTPPreparedResponse, _ form: HTTPPreparedResponse.Form = .keepAlive) -> String {
    String(buffer: response.bytes(form))
  }

  @Test func stringPayload() throws {
    let response = try HTTPImmediateResponse.payload(status: 200, contentType: "text/plain", body: Array("hi\n".utf8))
    #expect(text(response) == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n\r\nhi\n")
    #expect(
      text(response, .close)
        == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nhi\n")
    #expect(
      text(response, .keepAliveForHTTP10)
        == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\nconnection: keep-alive\r\n\r\nhi\n")
    #expect(String(buffer: response.bytes(.keepAlive, headOnly: true)).hasSuffix("content-type: text/plain\r\n\r\n"))
    #expect(!response.closesConnection)
  }

  @Test func hdrFieldsComeFirstLowerCased() throws {
    let response = try HTTPImmediateResponse.payload(
      status: 200, contentType: "text/plain", body: Array("x".utf8), fields: [.init("X-A", "b"), .init("x-c", "d e")])
    #expect(
      text(response)
        == "HTTP/1.1 200 OK\r\nx-a: b\r\nx-c: d e\r\ncontent-length: 1\r\ncontent-type: text/plain\r\n\r\nx")
  }

  @Test func emptyPayloads() throws {
    #expect(
      text(try HTTPImmediateResponse.payload(status: 404, contentType: nil, body: []))
        == "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
    #expect(
      text(try HTTPImmediateResponse.payload(status: 204, contentType: nil, body: []))
        == "HTTP/1.1 204 No Content\r\n\r\n")
    #expect(
      text(try HTTPImmediateResponse.payload(status: 304, contentType: nil, body: []))
        == "HTTP/1.1 304 Not Modified\r\ncontent-length: 0\r\n\r\n")
    let redirect = try HTTPImmediateResponse.payload(
      status: 302, contentType: nil, body: [], fields: [.init("Location", "/x")])
    #expect(text(redirect) == "HTTP/1.1 302 Moved Temporarily\r\nlocation: /x\r\ncontent-length: 0\r\n\r\n")
  }

  static let refused: [(Int, String?, String, [HTTPPreparedResponse.Field], String)] = [
    (199, nil, "", [], "200 to 599"),
    (600, nil, "", [], "200 to 599"),
    (204, "text/plain", "x", [], "has no body"),
    (304, "text/plain", "x", [], "has no body"),
    (200, nil, "x", [], "needs 'content-type"),
    (200, "text/plain", "", [], "no effect without a payload"),
    (200, nil, "", [.init("Bad Name", "x")], "is a token"),
    (200, nil, "", [.init("X-A", "a\r\nb")], "control character"),
    (200, nil, "", [.init("Content-Length", "5")], "writes this field itself"),
    (200, nil, "", [.init("connection", "close")], "writes this field itself"),
    (200, "text/plain\r\nX: y", "x", [], "control character"),
  ]

  @Test(arguments: refused) func refusals(
    status: Int, contentType: String?, body: String, fields: [HTTPPreparedResponse.Field], reason: String
  ) {
    do {
      _ = try HTTPImmediateResponse.payload(
        status: status, contentType: contentType, body: Array(body.utf8), fields: fields)
      Issue.record("accepted")
    } catch {
      #expect(error.message.contains(reason), "\(error.message)")
    }
  }

  @Test func carriesTheAction() throws {
    let deny = HTTPImmediateResponse(action: .deny, response: HTTPErrorPages.builtIn.page(for: 403))
    #expect(deny.action == .deny)
    #expect(deny.response.status == 403)
  }
}
