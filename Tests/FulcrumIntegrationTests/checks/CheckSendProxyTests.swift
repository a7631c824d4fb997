import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `check-send-proxy` and the PROXY header of checks through `send-proxy` servers, end to end:
/// what each check endpoint received, byte for byte as haproxy 2.6 sends it (recorded on the
/// wire: version 1 announces the check connection's own addresses, version 2 is `LOCAL`).
@Suite(.serialized) struct CheckSendProxyTests {
  /// The version 2 header haproxy 2.6 sends on a check: signature, `LOCAL`, `UNSPEC`, no address.
  static let localHeader: [UInt8] =
    [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A] + [0x20, 0x00, 0x00, 0x00]

  @Test func checksStartWithTheHeaderHAProxySends() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let forced = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let viaV2 = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let moved = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let forcedV2 = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          option httpchk GET /health
          option log-health-checks
          server forced 127.0.0.1:1 check port \(forced.port) inter 100 check-send-proxy
          server v2 127.0.0.1:\(viaV2.port) check inter 100 send-proxy-v2
          server moved 127.0.0.1:1 check port \(moved.port) inter 100 send-proxy
          server forcedv2 127.0.0.1:1 check port \(forcedV2.port) inter 100 check-send-proxy send-proxy-v2

      """, threads: 1)
    let log = proxy.runtime.healthLog
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "two checks of each server") {
      [forced, viaV2, moved, forcedV2].allSatisfy { $0.acceptedConnections >= 2 }
    }
    let request = Array("GET /health HTTP/1.0\r\n\r\n".utf8)

    // check-send-proxy: version 1 with the check connection's addresses.
    let line = String(decoding: forced.received.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    let words = line.split(separator: " ")
    #expect(words.count == 6, "\(line)")
    #expect(words.prefix(4) == ["PROXY", "TCP4", "127.0.0.1", "127.0.0.1"], "\(line)")
    #expect(words.last == "\(forced.port)\r", "\(line)")
    #expect(Array(forced.received.dropFirst(line.utf8.count + 1).prefix(request.count)) == request)

    // send-proxy-v2 and no port: the check goes through the same PROXY layer, as LOCAL.
    #expect(Array(viaV2.received.prefix(16)) == Self.localHeader)
    #expect(Array(viaV2.received.dropFirst(16).prefix(request.count)) == request)
    // check-send-proxy with send-proxy-v2: version 2 as well.
    #expect(Array(forcedV2.received.prefix(16)) == Self.localHeader)

    // send-proxy with 'port': the check goes elsewhere, without the header.
    #expect(Array(moved.received.prefix(request.count)) == request)

    for name in ["forced", "v2", "moved", "forcedv2"] {
      #expect(log.lines.contains { $0.hasPrefix("Health check for server relay/\(name) succeeded") }, "\(name)")
    }
    try await proxy.stop()
    for server in [forced, viaV2, moved, forcedV2] { try await server.close() }
    try await group.shutdownGracefully()
  }

  /// Global `pp2-never-send-local`: version 2 announces the check connection's addresses with
  /// a `PROXY` command (TCP over IPv4, 12 address bytes), as HAProxy did up to 2.1.
  @Test func pp2NeverSendLocalAnnouncesTheAddresses() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      global
          pp2-never-send-local
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          option httpchk GET /health
          server v2 127.0.0.1:\(server.port) check inter 100 send-proxy-v2

      """, threads: 1)
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a check") { server.acceptedConnections >= 1 }
    let header = Array(server.received.prefix(28))
    #expect(Array(header.prefix(12)) == Array(Self.localHeader.prefix(12)))
    // Version 2, PROXY; TCP over IPv4; 12 bytes of addresses: 127.0.0.1 to 127.0.0.1.
    #expect(Array(header[12..<16]) == [0x21, 0x11, 0x00, 0x0C])
    #expect(Array(header[16..<24]) == [127, 0, 0, 1, 127, 0, 0, 1])
    #expect(Array(header[26..<28]) == [UInt8(server.port >> 8), UInt8(server.port & 0xFF)])
    try await proxy.stop()
    try await server.close()
    try await group.shutdownGracefully()
  }
}
