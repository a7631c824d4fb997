import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Server `maxconn` in `mode tcp`, end to end: a session beyond the limit waits in the queue
/// (its bytes held) until a connection to the server closes, then goes through; past
/// `timeout queue` it is closed without reaching the server.
@Suite(.serialized) struct TCPServerQueueTests {
  static func config(_ port: Int, extra: String = "") -> String {
    """
    defaults
        mode tcp
        timeout connect 1s
        timeout queue 5s
        timeout client 10s
        timeout server 10s
    \(extra)
    listen relay
        bind 127.0.0.1:10000
        server s0 127.0.0.1:\(port) maxconn 1

    """
  }

  @Test func aSecondSessionWaitsForTheFirstToEnd() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(echo.port))
    try await Self.expectSecondSessionWaitsForTheFirst(proxyPort: proxy.port, echo: echo)
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  @Test func aSessionQueuedPastTimeoutQueueIsClosed() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(echo.port, extra: "    timeout queue 300ms"))
    let first = try BlockingTCPClient(port: proxy.port)
    try await DedicatedThread.run {
      try first.send("one")
      #expect(try first.read(exactly: 3) == Array("one".utf8))
    }
    let second = try BlockingTCPClient(port: proxy.port)
    // Nothing sent: a close with unread bytes would be a reset, which `waitForClose` does not
    // count as a close.
    let closed = try await DedicatedThread.run { second.waitForClose() }
    #expect(closed)
    #expect(echo.acceptedConnections == 1)
    first.closeNow()
    second.closeNow()
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  /// `option abortonclose`: a queued session whose client closes its side is closed and never
  /// reaches the server; without it, it reaches the server once the first session ends.
  @Test(arguments: [true, false]) func abortOnCloseDropsAQueuedSessionWhoseClientLeft(_ aborts: Bool) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(echo.port, extra: aborts ? "    option abortonclose" : ""))
    let first = try BlockingTCPClient(port: proxy.port)
    try await DedicatedThread.run {
      try first.send("one")
      #expect(try first.read(exactly: 3) == Array("one".utf8))
    }
    let second = try BlockingTCPClient(port: proxy.port)
    // Nothing sent: bytes the proxy holds unread would turn its close into a reset.
    second.shutdownWrite()
    if aborts {
      #expect(try await DedicatedThread.run { second.waitForClose() })
      first.closeNow()
      #expect(await Self.stays(1, echo))
    } else {
      #expect(await Self.stays(1, echo))
      first.closeNow()
      // Connected once the slot frees; the half-close is passed on and the echo server closes.
      #expect(try await DedicatedThread.run { second.waitForClose() })
      #expect(echo.acceptedConnections == 2)
    }
    second.closeNow()
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  /// Two sessions through a server whose limit is one: the first echoes, the second's bytes
  /// do not reach the server until the first closes, then echo.
  static func expectSecondSessionWaitsForTheFirst(proxyPort: Int, echo: MockTCPServer) async throws {
    let first = try BlockingTCPClient(port: proxyPort)
    try await DedicatedThread.run {
      try first.send("one")
      #expect(try first.read(exactly: 3) == Array("one".utf8))
    }
    let second = try BlockingTCPClient(port: proxyPort)
    async let secondEcho = DedicatedThread.run {
      try second.send("two")
      return try second.read(exactly: 3)
    }
    #expect(await Self.stays(1, echo))
    first.closeNow()
    #expect(try await secondEcho == Array("two".utf8))
    #expect(echo.acceptedConnections == 2)
    second.closeNow()
  }

  /// Whether the server still has `count` connections after the proxy had time to act on the
  /// second client (its bytes reached the proxy; 200 ms of polling).
  private static func stays(_ count: Int, _ server: MockTCPServer) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(200)
    while clock.now < deadline {
      if server.acceptedConnections != count { return false }
      try? await Task.sleep(for: .milliseconds(10))
    }
    return server.acceptedConnections == count
  }
}
