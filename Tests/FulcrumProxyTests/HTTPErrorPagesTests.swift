import FulcrumProxy
import NIOCore
import Testing

/// Fulcrum's built-in error pages, their connection forms, and replacements.
@Suite struct HTTPErrorPagesTests {
  static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

  static let body503 =
    "<html><body><h1>503 Service Unavailable</h1>\nNo server can answer this request right now.\n</body></html>\n"

  @Test func builtInPageHasHAProxysHeadLayout() {
    let page = HTTPErrorPages.builtIn.page(for: 503)
    #expect(page.status == 503)
    #expect(!page.closesConnection)
    #expect(
      Self.text(page.bytes(.keepAlive))
        == "HTTP/1.1 503 Service Unavailable\r\ncontent-length: \(Self.body503.utf8.count)\r\n"
        + "cache-control: no-cache\r\ncontent-type: text/html\r\n\r\n" + Self.body503)
    #expect(
      Self.text(page.bytes(.close))
        == "HTTP/1.1 503 Service Unavailable\r\ncontent-length: \(Self.body503.utf8.count)\r\n"
        + "cache-control: no-cache\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n" + Self.body503)
    #expect(
      Self.text(page.bytes(.keepAliveForHTTP10)).contains("content-type: text/html\r\nconnection: keep-alive\r\n\r\n"))
  }

  @Test func headOnlyStopsAfterTheEmptyLine() {
    let page = HTTPErrorPages.builtIn.page(for: 403)
    for form in [HTTPPreparedResponse.Form.keepAlive, .keepAliveForHTTP10, .close] {
      let head = Self.text(page.bytes(form, headOnly: true))
      #expect(head.hasSuffix("\r\n\r\n"))
      #expect(Self.text(page.bytes(form)).hasPrefix(head))
      #expect(!head.contains("<html>"))
    }
  }

  @Test(arguments: [400, 408]) func badRequestAndTimeoutAlwaysClose(status: Int) {
    let page = HTTPErrorPages.builtIn.page(for: status)
    #expect(page.closesConnection)
    #expect(page.form(requestKeepsAlive: true, clientIsHTTP10: false) == .close)
    #expect(Self.text(page.bytes(.keepAlive)).contains("connection: close\r\n\r\n"))
  }

  @Test func statusLinesFollowHAProxy() {
    let lines = HTTPErrorPages.replaceableStatuses.map { status in
      Self.text(HTTPErrorPages.builtIn.page(for: status).bytes(.keepAlive)).split(separator: "\r\n").first.map(
        String.init)
    }
    #expect(lines.contains("HTTP/1.1 400 Bad request"))
    #expect(lines.contains("HTTP/1.1 408 Request Time-out"))
    #expect(lines.contains("HTTP/1.1 413 Payload Too Large"))
    #expect(lines.contains("HTTP/1.1 502 Bad Gateway"))
    #expect(lines.contains("HTTP/1.1 504 Gateway Time-out"))
  }

  @Test func everyPageAnnouncesItsBodyLength() throws {
    for status in HTTPErrorPages.replaceableStatuses + [505] {
      let text = Self.text(HTTPErrorPages.builtInPage(for: status).bytes(.keepAlive))
      let parts = text.components(separatedBy: "\r\n\r\n")
      #expect(parts.count == 2)
      #expect(text.contains("content-length: \(parts[1].utf8.count)\r\n"))
      #expect(parts[1].hasPrefix("<html><body><h1>\(status) "))
    }
  }

  @Test func unknownStatusGetsThe500Page() {
    #expect(HTTPErrorPages.builtIn.page(for: 418).status == 500)
  }

  @Test func formFollowsTheRequest() {
    let page = HTTPErrorPages.builtIn.page(for: 403)
    #expect(page.form(requestKeepsAlive: true, clientIsHTTP10: false) == .keepAlive)
    #expect(page.form(requestKeepsAlive: true, clientIsHTTP10: true) == .keepAliveForHTTP10)
    #expect(page.form(requestKeepsAlive: false, clientIsHTTP10: false) == .close)
  }

  @Test func replacementsWinExceptForUnreadRequests() throws {
    let custom = try HTTPErrorFile.response(
      contents: Array("HTTP/1.1 400 Nope\r\nContent-Length: 2\r\n\r\nno".utf8), path: "400.http", replacing: 400)
    let silent = try HTTPErrorFile.response(contents: [], path: "/dev/null", replacing: 408)
    let pages = HTTPErrorPages(replacements: [400: custom, 408: silent])
    #expect(Self.text(pages.page(for: 400).bytes(.keepAlive)).hasPrefix("HTTP/1.1 400 Nope"))
    #expect(pages.replacedStatuses == [400, 408])
    // HAProxy answers a request it could not read with its own page, unless the errorfile is empty.
    #expect(Self.text(pages.pageForUnreadRequest(status: 400).bytes(.close)).hasPrefix("HTTP/1.1 400 Bad request"))
    #expect(pages.pageForUnreadRequest(status: 408).isSilent)
    #expect(pages.pageForUnreadRequest(status: 408).bytes(.keepAlive).readableBytes == 0)
  }

  @Test func redirects() throws {
    let found = try HTTPPreparedResponse.redirect(302, to: "http://example.com/err")
    #expect(
      Self.text(found.bytes(.keepAlive))
        == "HTTP/1.1 302 Found\r\ncache-control: no-cache\r\ncontent-length: 0\r\nlocation: http://example.com/err\r\n\r\n"
    )
    let seeOther = try HTTPPreparedResponse.redirect(303, to: "/oops")
    #expect(Self.text(seeOther.bytes(.keepAlive)).hasPrefix("HTTP/1.1 303 See Other\r\n"))
    #expect(throws: HTTPResponseDefinitionError.self) { try HTTPPreparedResponse.redirect(301, to: "/x") }
    #expect(throws: HTTPResponseDefinitionError.self) {
      try HTTPPreparedResponse.redirect(302, to: "/x\r\nSet-Cookie: a")
    }
    #expect(throws: HTTPResponseDefinitionError.self) { try HTTPPreparedResponse.redirect(302, to: "") }
  }

  @Test func reasonPhrases() {
    #expect(HTTPReasonPhrase.of(302) == "Moved Temporarily")
    #expect(HTTPReasonPhrase.of(502) == "Bad Gateway or Proxy Error")
    #expect(HTTPReasonPhrase.of(299) == "Success")
    #expect(HTTPReasonPhrase.of(399) == "Redirection")
    #expect(HTTPReasonPhrase.of(460) == "Client Error")
    #expect(HTTPReasonPhrase.of(599) == "Server Error")
  }
}
