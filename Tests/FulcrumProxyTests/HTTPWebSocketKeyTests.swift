import NIOCore
import Testing

@testable import FulcrumProxy

@Suite struct HTTPWebSocketKeyTests {
  func invalid(_ fields: String) -> Bool {
    let parsed = HTTP1TestMessages.request("GET /ws HTTP/1.1\r\nHost: x\r\n\(fields)\r\n")
    let buffer = ByteBuffer(bytes: parsed.bytes)
    return HTTPWebSocketKey.isInvalidUpgrade(parsed.head, in: buffer.readableBytesUInt8Span)
  }

  @Test func theRFCSampleKeyIsValid() {
    #expect(!invalid("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"))
  }

  @Test(arguments: [
    "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZR==", "dGhlIHNhbXBsZSBub25j*Q==", "short==",
    "dGhlIHNhbXBsZSBub25jZQ=x",
  ])
  func malformedKeysAreInvalid(key: String) {
    #expect(invalid("Connection: Upgrade\r\nUpgrade: WebSocket\r\nSec-WebSocket-Key: \(key)\r\n"))
  }

  @Test func onlyWebSocketUpgradesAreChecked() {
    #expect(!invalid("Connection: Upgrade\r\nUpgrade: h2c\r\nSec-WebSocket-Key: nonsense\r\n"))
    #expect(!invalid("Upgrade: websocket\r\nSec-WebSocket-Key: nonsense\r\n"))
    #expect(!invalid("Connection: Upgrade\r\nUpgrade: websocket\r\n"))
  }
}
