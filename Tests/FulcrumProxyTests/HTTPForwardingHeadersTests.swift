import FulcrumCore
import FulcrumProxy
import NIOCore
import Testing

/// `option forwardfor` / `option originalto` field lines, chosen per connection and per request.
@Suite struct HTTPForwardingHeadersTests {
  static let client4 = try! SocketAddress(ipAddress: "192.0.2.10", port: 40000)
  static let local4 = try! SocketAddress(ipAddress: "198.51.100.1", port: 80)
  static let client6 = try! SocketAddress(ipAddress: "2001:db8::7", port: 40000)
  static let mapped = try! SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 40000)

  /// Parses `text` and returns the lines chosen for it.
  func chosen(_ lines: HTTPForwardingLines, for text: String) -> String? {
    let buffer = ByteBuffer(string: text)
    var parser = HTTP1RequestHeadParser()
    var head = HTTP1RequestHead()
    guard case .complete = parser.parse(buffer, into: &head) else {
      Issue.record("did not parse")
      return nil
    }
    return lines.fields(for: head, in: buffer).map { String(buffer: $0) }
  }

  static let plain = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
  static let withXFF = "GET / HTTP/1.1\r\nHost: x\r\nx-forwarded-for: 1.2.3.4\r\n\r\n"

  @Test func forwardForIPv4AndIPv6() {
    let headers = HTTPForwardingHeaders(forwardFor: .init(name: "X-Forwarded-For"))
    #expect(
      chosen(headers.lines(client: Self.client4, local: Self.local4), for: Self.plain)
        == "X-Forwarded-For: 192.0.2.10\r\n")
    #expect(
      chosen(headers.lines(client: Self.client6, local: nil), for: Self.plain) == "X-Forwarded-For: 2001:db8::7\r\n")
    // An IPv4 client of a dual-stack listener keeps its mapped form, as in HAProxy.
    #expect(
      chosen(headers.lines(client: Self.mapped, local: nil), for: Self.plain) == "X-Forwarded-For: ::ffff:127.0.0.1\r\n"
    )
    // Appended even when the request has the field already (a new line, never merged).
    #expect(
      chosen(headers.lines(client: Self.client4, local: nil), for: Self.withXFF) == "X-Forwarded-For: 192.0.2.10\r\n")
  }

  @Test func ifNoneComparesNamesWithoutCase() {
    let headers = HTTPForwardingHeaders(
      forwardFor: .init(name: "X-Forwarded-For", ifNone: true), originalTo: .init(name: "X-Original-To"))
    let lines = headers.lines(client: Self.client4, local: Self.local4)
    #expect(chosen(lines, for: Self.withXFF) == "X-Original-To: 198.51.100.1\r\n")
    #expect(chosen(lines, for: Self.plain) == "X-Forwarded-For: 192.0.2.10\r\nX-Original-To: 198.51.100.1\r\n")
    let alone = HTTPForwardingHeaders(forwardFor: .init(name: "X-Client", ifNone: true))
    #expect(chosen(alone.lines(client: Self.client4, local: nil), for: "GET / HTTP/1.1\r\nX-CLIENT: a\r\n\r\n") == nil)
    #expect(chosen(alone.lines(client: Self.client4, local: nil), for: "GET / HTTP/1.1\r\nX-Clien: a\r\n\r\n") != nil)
  }

  @Test func exceptNetworks() throws {
    let loopback = try #require(IPNetwork("127.0.0.0/8"))
    let headers = HTTPForwardingHeaders(
      forwardFor: .init(name: "X-Forwarded-For", except: [loopback]),
      originalTo: .init(name: "X-Original-To", except: [try #require(IPNetwork("198.51.100.1"))]))
    let local = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
    #expect(headers.lines(client: local, local: Self.local4).isEmpty)
    #expect(chosen(headers.lines(client: local, local: local), for: Self.plain) == "X-Original-To: 127.0.0.1\r\n")
    // The IPv4 network does not match the mapped IPv6 form.
    #expect(
      chosen(headers.lines(client: Self.mapped, local: Self.local4), for: Self.plain)
        == "X-Forwarded-For: ::ffff:127.0.0.1\r\n")
  }

  @Test func unixSocketsGetNothing() throws {
    let unix = try SocketAddress(unixDomainSocketPath: "/tmp/fulcrum-test.sock")
    let headers = HTTPForwardingHeaders(
      forwardFor: .init(name: "X-Forwarded-For"), originalTo: .init(name: "X-Original-To"))
    let lines = headers.lines(client: unix, local: unix)
    #expect(lines.isEmpty)
    #expect(chosen(lines, for: Self.plain) == nil)
    #expect(HTTPForwardingHeaders().isEmpty)
  }
}
