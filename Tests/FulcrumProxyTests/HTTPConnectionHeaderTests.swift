import FulcrumProxy
import Testing

@Suite struct HTTPConnectionHeaderTests {
  typealias M = HTTP1TestMessages

  func headers(_ fields: String, version: String = "1.1") -> HTTP1HeaderBlock {
    M.request("GET / HTTP/\(version)\r\nHost: x\r\n\(fields)\r\n").head.headers
  }

  @Test func neededField() {
    #expect(HTTPConnectionHeader.needed(version: .http11, keep: true, upgrade: false) == .none)
    #expect(HTTPConnectionHeader.needed(version: .http11, keep: false, upgrade: false) == .close)
    #expect(HTTPConnectionHeader.needed(version: .http10, keep: true, upgrade: false) == .keepAlive)
    #expect(HTTPConnectionHeader.needed(version: .http10, keep: false, upgrade: false) == .none)
    #expect(HTTPConnectionHeader.needed(version: .http11, keep: true, upgrade: true) == .upgrade)
  }

  @Test(arguments: [
    // (fields, version, needed, already says it)
    ("", "1.1", HTTPConnectionHeader.none, true),
    ("Connection: keep-alive\r\n", "1.1", .none, true),
    ("Connection: close\r\n", "1.1", .none, false),
    ("Connection: close\r\n", "1.1", .close, true),
    ("", "1.1", .close, false),
    ("", "1.0", .none, true),
    ("Connection: close\r\n", "1.0", .none, true),
    ("Connection: keep-alive\r\n", "1.0", .none, false),
    ("Connection: keep-alive\r\n", "1.0", .keepAlive, true),
    ("", "1.0", .keepAlive, false),
    ("Connection: Upgrade\r\nUpgrade: websocket\r\n", "1.1", .upgrade, true),
    ("Upgrade: websocket\r\n", "1.1", .none, false),
    ("Connection: X-Foo\r\nX-Foo: 1\r\n", "1.1", .none, false),
    ("Keep-Alive: 300\r\n", "1.1", .none, false),
    ("Proxy-Connection: keep-alive\r\n", "1.1", .none, false),
    ("TE: trailers\r\n", "1.1", .none, false),
  ])
  func alreadySays(fields: String, version: String, needed: HTTPConnectionHeader, expected: Bool) {
    let block = headers(fields, version: version)
    let parsedVersion: HTTP1Version = version == "1.0" ? .http10 : .http11
    #expect(HTTPConnectionHeader.alreadySays(needed, headers: block, version: parsedVersion) == expected)
  }
}
