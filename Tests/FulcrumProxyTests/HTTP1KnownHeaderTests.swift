import FulcrumProxy
import Testing

/// The parser recognises the names it interprets in any case, and nothing else: names one byte
/// off, or of the same length, stay `.other`.
@Suite struct HTTP1KnownHeaderTests {
  static let names: [(String, HTTP1KnownHeader)] = [
    ("te", .te), ("host", .host), ("expect", .expect), ("upgrade", .upgrade), ("trailer", .trailer),
    ("connection", .connection), ("keep-alive", .keepAlive), ("content-length", .contentLength),
    ("proxy-connection", .proxyConnection), ("transfer-encoding", .transferEncoding),
  ]

  static func kind(of name: String) -> HTTP1KnownHeader? {
    HTTP1TestMessages.request("GET / HTTP/1.1\r\n\(name): 1\r\n\r\n").head.headers.fields.first?.kind
  }

  @Test(arguments: names)
  func recognisedInAnyCase(name: String, kind: HTTP1KnownHeader) {
    #expect(Self.kind(of: name) == kind)
    #expect(Self.kind(of: name.uppercased()) == kind)
    let mixed = String(name.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
    #expect(Self.kind(of: mixed) == kind)
  }

  @Test(arguments: names)
  func nearMissesAreOther(name: String, kind: HTTP1KnownHeader) {
    let bytes = Array(name.utf8)
    for index in bytes.indices {
      for replacement in [UInt8(ascii: "x"), UInt8(ascii: "_"), UInt8(ascii: "0"), bytes[index] ^ 0x01] {
        var changed = bytes
        changed[index] = replacement
        guard changed != bytes, HTTP1TestMessages.bytes(String(decoding: changed, as: UTF8.self)) == changed
        else { continue }
        let text = String(decoding: changed, as: UTF8.self)
        if text.lowercased() == name { continue }
        let found = Self.kind(of: text)
        #expect(found == .other || found == nil, "\(text)")
      }
    }
    #expect(Self.kind(of: name + "s") == .other)
    #expect(Self.kind(of: "x" + name) == .other)
  }

  @Test func namesAtTheVeryEndOfTheBufferAreSafe() {
    // The field is the last thing received: classifying it must not read past the bytes.
    for (name, kind) in Self.names {
      let parsed = HTTP1TestMessages.request("GET / HTTP/1.1\r\n\(name):1\r\n")
      #expect(parsed.result == .needMoreBytes)
      #expect(parsed.head.headers.fields.last?.kind == kind)
    }
    let connection = HTTP1TestMessages.request("GET / HTTP/1.1\r\nConnection:close\r\n")
    #expect(connection.head.headers.connection == .close)
    let chunked = HTTP1TestMessages.request("GET / HTTP/1.1\r\nTransfer-Encoding:chunked\r\n\r")
    #expect(chunked.head.headers.hasTransferEncoding)
  }
}
