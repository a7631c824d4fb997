import FulcrumProxy
import NIOCore
import Testing

@Suite struct HTTPMonitorURITests {
  func matches(_ uri: String, _ request: String) -> Bool {
    let parsed = HTTP1TestMessages.request(request)
    return HTTPMonitorURI(uri).matches(parsed.head, in: ByteBuffer(bytes: parsed.bytes))
  }

  @Test func pathURIMatchesThePathWhateverTheQueryOrForm() {
    #expect(matches("/health", "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"))
    #expect(matches("/health", "HEAD /health?full=1 HTTP/1.0\r\n\r\n"))
    #expect(matches("/health", "GET http://x/health HTTP/1.1\r\nHost: x\r\n\r\n"))
    #expect(!matches("/health", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
    #expect(!matches("/health", "GET /Health HTTP/1.1\r\nHost: x\r\n\r\n"))
  }

  @Test func otherURIsMatchTheWholeTarget() {
    #expect(matches("*", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"))
    #expect(!matches("*", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
  }
}
