import NIOCore
import Testing

@testable import FulcrumProxy

@Suite struct HTTP1HeadRewriterTests {
  typealias M = HTTP1TestMessages

  func rewrite(
    _ text: String, removing: HTTP1HeadRewriter.Removal, keepUpgrade: Bool = false, added: String = ""
  )
    -> (String, Int)
  {
    let parsed = M.request(text)
    let buffer = ByteBuffer(bytes: parsed.bytes)
    var out = ByteBuffer()
    var pieces = 0
    HTTP1HeadRewriter.rewrite(
      buffer, headers: parsed.head.headers, removing: removing, keepUpgrade: keepUpgrade,
      added: ByteBuffer(string: added), ending: HTTPConnectionHeader.none.ending
    ) { slice in
      var slice = slice
      pieces += 1
      out.writeBuffer(&slice)
    }
    return (String(buffer: out), pieces)
  }

  @Test func addsLinesBeforeTheEmptyLine() {
    let (text, pieces) = rewrite(
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n", removing: [], added: "X-Forwarded-For: 1.2.3.4\r\n")
    #expect(text == "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n")
    // The original bytes are passed on as one slice, then the added lines, then the ending.
    #expect(pieces == 3)
  }

  @Test func removesHopByHopFieldsAndTheFieldsConnectionNames() {
    let (text, _) = rewrite(
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Foo\r\nX-Foo: 1\r\nKeep-Alive: 300\r\n"
        + "Proxy-Connection: x\r\nTE: trailers\r\nUpgrade: h2c\r\nAccept: */*\r\nx-foo: 2\r\n\r\n",
      removing: .hopByHop, added: "Connection: close\r\n")
    #expect(text == "GET / HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nConnection: close\r\n\r\n")
  }

  @Test func keepsUpgradeWhenUpgrading() {
    let (text, _) = rewrite(
      "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, keep-alive\r\nUpgrade: websocket\r\n\r\n",
      removing: .hopByHop, keepUpgrade: true, added: "Connection: upgrade\r\n")
    #expect(text == "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n")
  }

  @Test func framingRewriteKeepsOneHostAndDropsLengths() {
    let (text, _) = rewrite(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nHost: x\r\nContent-Length: 3\r\n\r\n",
      removing: .framing, added: "Content-Length: 3\r\n")
    #expect(text == "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n")
  }

  @Test func keepsTrailingWhitespaceLinesIntact() {
    let (text, _) = rewrite(
      "GET / HTTP/1.1\r\nKeep-Alive: 5   \r\nHost: x\r\n\r\n", removing: .hopByHop)
    #expect(text == "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
  }
}
