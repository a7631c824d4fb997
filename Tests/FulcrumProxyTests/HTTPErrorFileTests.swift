import FulcrumProxy
import NIOCore
import Testing

/// Error files: what is accepted, how it is re-sent, and what is refused at load.
@Suite struct HTTPErrorFileTests {
  func page(_ text: String, status: Int = 503) throws(HTTPResponseDefinitionError) -> HTTPPreparedResponse {
    try HTTPErrorFile.response(contents: Array(text.utf8), path: "/etc/e.http", replacing: status)
  }

  func text(_ response: HTTPPreparedResponse, _ form: HTTPPreparedResponse.Form) -> String {
    String(buffer: response.bytes(form))
  }

  @Test func keepsTheFileAndWritesConnectionLast() throws {
    let response = try page(
      "HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nX-Mine: Yes\r\n\r\nbusy")
    #expect(!response.closesConnection)
    #expect(
      text(response, .keepAlive)
        == "HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nX-Mine: Yes\r\n\r\nbusy")
    #expect(text(response, .close).hasSuffix("X-Mine: Yes\r\nconnection: close\r\n\r\nbusy"))
    #expect(text(response, .keepAliveForHTTP10).hasSuffix("X-Mine: Yes\r\nconnection: keep-alive\r\n\r\nbusy"))
  }

  @Test func dropsItsConnectionFieldsAndHonoursClose() throws {
    let response = try page("HTTP/1.1 503 Busy\r\nContent-Length: 3\r\nConnection: close\r\nX-A: b\r\n\r\nbad")
    #expect(response.closesConnection)
    #expect(
      text(response, .keepAlive) == "HTTP/1.1 503 Busy\r\nContent-Length: 3\r\nX-A: b\r\nconnection: close\r\n\r\nbad")
    let keep = try page("HTTP/1.1 503 Busy\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nbad")
    #expect(!keep.closesConnection)
    #expect(text(keep, .keepAlive) == "HTTP/1.1 503 Busy\r\nContent-Length: 3\r\n\r\nbad")
  }

  @Test func http10File() throws {
    // As HAProxy: a 1.0 page with a length keeps the connection and says so; closing needs no field.
    let response = try page("HTTP/1.0 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad", status: 502)
    #expect(
      text(response, .keepAlive) == "HTTP/1.0 502 Bad Gateway\r\nContent-Length: 3\r\nconnection: keep-alive\r\n\r\nbad"
    )
    #expect(text(response, .close) == "HTTP/1.0 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad")
  }

  @Test func bodyWithoutLengthClosesTheConnection() throws {
    let classic = try page(
      "HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n<h1>down</h1>\n"
    )
    #expect(classic.closesConnection)
    #expect(
      text(classic, .keepAlive)
        == "HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\nContent-Type: text/html\r\n\r\n<h1>down</h1>\n"
    )
    let http11 = try page("HTTP/1.1 503 X\r\n\r\nuntil close")
    #expect(http11.closesConnection)
    #expect(text(http11, .keepAlive) == "HTTP/1.1 503 X\r\nconnection: close\r\n\r\nuntil close")
  }

  @Test func bareLineFeedsBecomeCRLF() throws {
    let response = try page("HTTP/1.1 503 X\nContent-Length: 3\n\nbad")
    #expect(text(response, .keepAlive) == "HTTP/1.1 503 X\r\nContent-Length: 3\r\n\r\nbad")
  }

  @Test func statusMayDifferAndHeadOnlyWorks() throws {
    let response = try page("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    #expect(response.status == 200)
    #expect(
      String(buffer: response.bytes(.keepAlive, headOnly: true)) == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
    let noContent = try page("HTTP/1.1 204 No Content\r\n\r\n")
    #expect(text(noContent, .keepAlive) == "HTTP/1.1 204 No Content\r\n\r\n")
  }

  @Test func emptyFileClosesSilently() throws {
    let response = try page("", status: 408)
    #expect(response.isSilent)
    #expect(response.closesConnection)
    #expect(response.status == 408)
  }

  static let invalid: [(String, String)] = [
    ("garbage\r\n\r\n", "not a valid HTTP response"),
    ("garbage\n", "does not end with an empty line"),
    ("HTTP/1.1 503 X\r\nContent-Length: 2\r\n", "does not end with an empty line"),
    ("HTTP/1.1 503 X\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbad\r\n0\r\n\r\n", "chunked body is not supported"),
    ("HTTP/1.1 503 X\r\nContent-Length: 5\r\n\r\nok", "announces 5 bytes but 2 follow"),
    ("HTTP/1.1 503 X\r\nContent-Length: 3\r\n\r\nbadEXTRA", "announces 3 bytes but 8 follow"),
    ("HTTP/1.1 503 X\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", "not a valid HTTP response"),
    ("HTTP/1.1 503 X\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", "single 'Content-Length'"),
    ("HTTP/1.1 100 Continue\r\n\r\n", "interim response"),
    ("HTTP/1.1 204 No Content\r\n\r\nbody", "has no body"),
    ("HTTP/1.1 503 X\r\nBad Name: x\r\n\r\n", "not a valid HTTP response"),
  ]

  @Test(arguments: invalid) func refusesWithTheFileName(contents: String, reason: String) {
    do {
      _ = try page(contents)
      Issue.record("accepted \(contents.debugDescription)")
    } catch {
      #expect(error.message.hasPrefix("errorfile '/etc/e.http': "))
      #expect(error.message.contains(reason), "\(error.message)")
    }
  }

  @Test func headLargerThanTheLimitIsRefused() {
    let big = "HTTP/1.1 503 X\r\nX-Big: " + String(repeating: "a", count: 400) + "\r\nContent-Length: 0\r\n\r\n"
    #expect(throws: HTTPResponseDefinitionError.self) {
      try HTTPErrorFile.response(
        contents: Array(big.utf8), path: "big.http", replacing: 503,
        limits: HTTP1Limits(bufferSize: 256, maxRewrite: 0, maxHeaders: 101))
    }
  }
}
