import FulcrumProxy
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The PROXY protocol end to end with real sockets: `accept-proxy` (versions 1 and 2) hands the
/// announced addresses to `balance source` and to `send-proxy`; an echo server shows the
/// header Fulcrum writes (`send-proxy`, `send-proxy-v2`) followed by the client's bytes; garbage
/// and a missing header close the connection.
@Suite(.serialized) struct ProxyProtocolTests {
  static func config(bind: String = "", server: String, timeoutClient: String = "10s", extra: String = "") -> String {
    """
    defaults
        mode tcp
        timeout connect 1s
        timeout client \(timeoutClient)
        timeout server 10s
    listen relay
        bind 127.0.0.1:10000 \(bind)
    \(extra)
    \(server)

    """
  }

  /// Runs `body` with an echo server, then stops it.
  static func withEcho(_ body: (MockTCPServer) async throws -> Void) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    try await body(echo)
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  /// Sends `bytes`, half-closes, and returns all the proxy sends back.
  static func exchange(_ bytes: [UInt8], port: Int) async throws -> [UInt8] {
    let client = try BlockingTCPClient(port: port)
    return try await DedicatedThread.run {
      try client.send(bytes)
      client.shutdownWrite()
      return try client.readToEnd()
    }
  }

  static let signature = ProxyHeader.version2Signature

  @Test func version1InIsPassedOnByVersion1Out() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port) send-proxy"))
      let header = "PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"
      let answer = try await Self.exchange(Array((header + "hello").utf8), port: proxy.port)
      #expect(String(decoding: answer, as: UTF8.self) == header + "hello")
      try await proxy.stop()
    }
  }

  @Test func version2InIsPassedOnByVersion2Out() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port) send-proxy-v2"))
      let ipv6 =
        ProxyHeader.version2Signature + [0x21, 0x21, 0x00, 0x24] + [0x20, 0x01, 0x0D, 0xB8]
        + [UInt8](repeating: 0, count: 11)
        + [7] + [UInt8](repeating: 0, count: 15) + [1] + [0x9C, 0x40, 0x01, 0xBB]
      // A NOOP TLV the receiver skips; what goes out has none.
      let received = Array(ipv6[0..<14]) + [0x00, 0x27] + Array(ipv6[16...]) + [0x04, 0x00, 0x00]
      let answer = try await Self.exchange(received + Array("payload".utf8), port: proxy.port)
      #expect(answer == ipv6 + Array("payload".utf8))
      try await proxy.stop()
    }
  }

  @Test func unknownAndLocalAnnounceTheSocketsOwnAddresses() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port) send-proxy"))
      for header in [Array("PROXY UNKNOWN\r\n".utf8), Self.signature + [0x20, 0x00, 0x00, 0x00]] {
        let answer = String(
          decoding: try await Self.exchange(header + Array("x".utf8), port: proxy.port), as: UTF8.self)
        #expect(answer.hasPrefix("PROXY TCP4 127.0.0.1 127.0.0.1 "))
        #expect(answer.hasSuffix(" \(proxy.port)\r\nx"))
      }
      try await proxy.stop()
    }
  }

  @Test func sendProxyWithoutAcceptProxyAnnouncesTheClientSocket() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(server: "    server s 127.0.0.1:\(echo.port) send-proxy-v2"))
      let answer = try await Self.exchange(Array("data".utf8), port: proxy.port)
      #expect(answer.count == 28 + 4)
      #expect(Array(answer.prefix(20)) == Self.signature + [0x21, 0x11, 0x00, 0x0C, 127, 0, 0, 1])
      #expect(Array(answer[20..<24]) == [127, 0, 0, 1])
      #expect(Int(answer[26]) << 8 | Int(answer[27]) == proxy.port)
      #expect(Array(answer.suffix(4)) == Array("data".utf8))
      try await proxy.stop()
    }
  }

  @Test func balanceSourceHashesTheAnnouncedAddress() async throws {
    try await BalanceTests.withServers(["A", "B"]) { ports in
      let proxy = try await TCPProxyHarness.start(
        BalanceTests.config(
          servers: [("a", ports[0], ""), ("b", ports[1], "")], extra: "    balance source"
        ).replacingOccurrences(of: "bind 127.0.0.1:10000", with: "bind 127.0.0.1:10000 accept-proxy"), threads: 1)
      func pick(_ source: String) throws -> String {
        let client = try BlockingTCPClient(port: proxy.port)
        try client.send("PROXY TCP4 \(source) 198.51.100.1 40000 443\r\n")
        return String(decoding: try client.read(exactly: 1), as: UTF8.self)
      }
      var picks: [String: String] = [:]
      for index in 1...16 { picks["10.0.0.\(index)"] = try pick("10.0.0.\(index)") }
      // Every announced address sticks to its server; with two servers of equal weight, the
      // map-based hash sends an address by its parity (HAProxy: address modulo total weight).
      for (source, server) in picks { #expect(try pick(source) == server) }
      for index in 1...16 { #expect(picks["10.0.0.\(index)"] == (index % 2 == 0 ? "A" : "B")) }
      try await proxy.stop()
    }
  }

  @Test func garbageIsRefusedWithAReset() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port)"))
      for garbage in ["GET / HTTP/1.0\r\n\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\r\n"] {
        let client = try BlockingTCPClient(port: proxy.port)
        try client.send(garbage)
        #expect(throws: BlockingTCPClient.Failure.self) { try client.readToEnd() }
      }
      #expect(echo.acceptedConnections == 0)
      try await proxy.stop()
    }
  }

  @Test func noHeaderWithinTimeoutClientClosesTheConnection() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port)", timeoutClient: "200ms"))
      let client = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 5)
      try client.send("PROXY TCP4 1.2")
      let started = ContinuousClock.now
      #expect(try await DedicatedThread.run { client.waitForClose() })
      #expect(ContinuousClock.now - started < .seconds(4))
      #expect(echo.acceptedConnections == 0)
      try await proxy.stop()
    }
  }

  @Test func payloadAndEOFRightBehindTheHeaderAreDelivered() async throws {
    try await Self.withEcho { echo in
      let proxy = try await TCPProxyHarness.start(
        Self.config(bind: "accept-proxy", server: "    server s 127.0.0.1:\(echo.port)"))
      let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
      let answer = try await Self.exchange(Array("PROXY UNKNOWN\r\n".utf8) + payload, port: proxy.port)
      #expect(answer == payload)
      try await proxy.stop()
    }
  }
}
