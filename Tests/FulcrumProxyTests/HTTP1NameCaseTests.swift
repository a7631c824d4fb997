import FulcrumProxy
import NIOCore
import Testing

/// `h1-case-adjust`: listed names are respelled in a copy of the head, same length, and a head
/// already spelled as asked is left alone (no copy).
@Suite struct HTTP1NameCaseTests {
  typealias M = HTTP1TestMessages

  static let names = HTTP1NameCase(["content-length": "Content-Length", "x-api-key": "X-API-Key"])

  @Test func listedNamesAreRespelled() throws {
    let text = "POST / HTTP/1.1\r\ncontent-length: 2\r\nx-api-KEY: k\r\nhost: x\r\n\r\n"
    let parsed = M.request(text)
    let head = ByteBuffer(bytes: parsed.bytes)
    let adjusted = try #require(Self.names.adjusted(head, fields: parsed.head.headers.fields))
    #expect(
      String(buffer: adjusted) == "POST / HTTP/1.1\r\nContent-Length: 2\r\nX-API-Key: k\r\nhost: x\r\n\r\n")
    // The original is untouched.
    #expect(String(buffer: head) == text)
  }

  @Test func aHeadSpelledAsAskedIsNotCopied() {
    let parsed = M.request("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nX-Other: 1\r\n\r\n")
    #expect(Self.names.adjusted(ByteBuffer(bytes: parsed.bytes), fields: parsed.head.headers.fields) == nil)
  }
}
