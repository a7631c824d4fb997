import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `mode tcp` end to end with real sockets: data both ways intact, half-close, balancing over
/// two servers, retries and redispatch past a dead server, maxconn, inactivity timeout.
@Suite(.serialized) struct TCPRelayTests {
  static func config(servers: [Int], extra: String = "", global: String = "") -> String {
    """
    global
    \(global)
    \(TCPProxyHarness.defaults("tcp"))
    listen relay
        bind 127.0.0.1:10000
    \(extra)
    \(servers.enumerated().map { "    server s\($0.offset) 127.0.0.1:\($0.element)" }.joined(separator: "\n"))

    """
  }

  @Test func largePayloadIsRelayedIntactBothWays() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(servers: [echo.port]))
    let payload = (0..<(10 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    let client = try BlockingTCPClient(port: proxy.port)
    async let received = DedicatedThread.run { try client.read(exactly: payload.count) }
    try await DedicatedThread.run {
      try client.send(payload)
      client.shutdownWrite()
    }
    let bytes = try await received
    #expect(bytes.count == payload.count)
    #expect(bytes == payload)
    #expect(client.waitForClose())
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  @Test func halfCloseStillDeliversTheServersAnswer() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(servers: [echo.port]))
    let client = try BlockingTCPClient(port: proxy.port)
    try client.send("ping after which I close my side")
    client.shutdownWrite()
    #expect(try client.readToEnd() == Array("ping after which I close my side".utf8))
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  @Test func sessionsAlternateBetweenServers() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let first = try await MockTCPServer.start(.greetThenEcho("A"), group: backends)
    let second = try await MockTCPServer.start(.greetThenEcho("B"), group: backends)
    let proxy = try await TCPProxyHarness.start(Self.config(servers: [first.port, second.port]), threads: 1)
    var greetings: [String] = []
    for _ in 0..<6 {
      let client = try BlockingTCPClient(port: proxy.port)
      greetings.append(String(decoding: try client.read(exactly: 1), as: UTF8.self))
    }
    #expect(greetings == ["A", "B", "A", "B", "A", "B"])
    try await proxy.stop()
    try await first.close()
    try await second.close()
    try await backends.shutdownGracefully()
  }

  @Test func deadServerIsRetriedThenRedispatched() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let alive = try await MockTCPServer.start(.greetThenEcho("alive"), group: backends)
    // A port that was just free: nothing listens there, so connecting is refused.
    let dead = try await MockTCPServer.start(.echo, group: backends)
    let deadPort = dead.port
    try await dead.close()
    let proxy = try await TCPProxyHarness.start(
      Self.config(servers: [deadPort, alive.port], extra: "    retries 2\n    option redispatch"), threads: 1)
    for _ in 0..<4 {
      let client = try BlockingTCPClient(port: proxy.port)
      #expect(String(decoding: try client.read(exactly: 5), as: UTF8.self) == "alive")
    }
    try await proxy.stop()
    try await alive.close()
    try await backends.shutdownGracefully()
  }

  @Test func withoutRedispatchADeadServerClosesTheClient() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let dead = try await MockTCPServer.start(.echo, group: backends)
    let deadPort = dead.port
    try await dead.close()
    let proxy = try await TCPProxyHarness.start(Self.config(servers: [deadPort], extra: "    retries 1"), threads: 1)
    let client = try BlockingTCPClient(port: proxy.port)
    #expect(client.waitForClose())
    try await proxy.stop()
    try await backends.shutdownGracefully()
  }

  @Test func maxconnHoldsTheSecondConnectionUntilTheFirstEnds() async throws {
    try await Self.expectSecondConnectionHeld { Self.config(servers: [$0], global: "    maxconn 1") }
  }

  /// `bind ... maxconn N` limits that socket alone, the same way.
  @Test func bindMaxconnHoldsTheSecondConnectionOfItsSocket() async throws {
    try await Self.expectSecondConnectionHeld {
      Self.config(servers: [$0]).replacingOccurrences(
        of: "bind 127.0.0.1:10000", with: "bind 127.0.0.1:10000 maxconn 1")
    }
  }

  /// With a limit of one connection (`config` from the greeter's port), a second client is not
  /// accepted until the first leaves.
  static func expectSecondConnectionHeld(config: (Int) -> String) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let greeter = try await MockTCPServer.start(.greetThenEcho("hi"), group: backends)
    let proxy = try await TCPProxyHarness.start(config(greeter.port), threads: 1)
    let first = try BlockingTCPClient(port: proxy.port)
    #expect(try first.read(exactly: 2) == Array("hi".utf8))
    // The kernel completes the handshake, but Fulcrum does not accept: no greeting yet.
    let second = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 1)
    #expect(throws: BlockingTCPClient.Failure.self) { try second.read(exactly: 2) }
    #expect(greeter.acceptedConnections == 1)
    first.closeNow()
    let third = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 10)
    _ = third
    #expect(try second.read(exactly: 2) == Array("hi".utf8))
    try await proxy.stop()
    try await greeter.close()
    try await backends.shutdownGracefully()
  }

  @Test func idleSessionIsClosedAfterTheTimeout() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let text = Self.config(servers: [echo.port]).replacingOccurrences(
      of: "timeout client 10s", with: "timeout client 200ms")
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let client = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 5)
    try client.send("x")
    #expect(try client.read(exactly: 1) == Array("x".utf8))
    let clock = ContinuousClock()
    let start = clock.now
    #expect(client.waitForClose())
    #expect(clock.now - start < .seconds(4))
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  @Test func halfClosedSessionUsesClientFinTimeout() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    // A server that greets and then keeps its side open after the client's EOF: only
    // client-fin ends the session (timeout client is 10 s).
    let echo = try await ServerBootstrap(group: backends)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GreetAndHold()) }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    let text = Self.config(servers: [echo.localAddress!.port!]).replacingOccurrences(
      of: "timeout client 10s", with: "timeout client 10s\n    timeout client-fin 200ms")
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let client = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 5)
    #expect(try client.read(exactly: 1) == Array("x".utf8))
    client.shutdownWrite()
    let clock = ContinuousClock()
    let start = clock.now
    #expect(client.waitForClose())
    #expect(clock.now - start < .seconds(4))
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }
}

extension TCPRelayTests {
  /// `option independent-streams` on the backend: what the client sends no longer refreshes
  /// `timeout server`, so a server that went silent times the session out although the
  /// client keeps talking (without the option the client's bytes would keep it open).
  @Test func independentStreamsLetTheSilentServerTimeOut() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let holder = try await ServerBootstrap(group: backends)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GreetAndHold()) }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    let text = Self.config(servers: [holder.localAddress!.port!], extra: "    option independent-streams")
      .replacingOccurrences(of: "timeout server 10s", with: "timeout server 300ms")
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let client = try BlockingTCPClient(port: proxy.port, timeoutSeconds: 5)
    #expect(try client.read(exactly: 1) == Array("x".utf8))
    let clock = ContinuousClock()
    let start = clock.now
    // Keep talking every 50 ms until the proxy closes (a send then fails) or 5 s pass.
    let closed = try await DedicatedThread.run {
      while clock.now - start < .seconds(5) {
        do { try client.send("a") } catch { return true }
        if client.waitForClose(within: .milliseconds(50)) { return true }
      }
      return false
    }
    #expect(closed)
    #expect(clock.now - start < .seconds(4))
    client.closeNow()
    try await proxy.stop()
    try await holder.close()
    try await backends.shutdownGracefully()
  }
}

/// Sends `x` when a connection opens, then ignores everything, EOF included.
private final class GreetAndHold: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  func channelActive(context: ChannelHandlerContext) {
    context.writeAndFlush(NIOAny(ByteBuffer(string: "x")), promise: nil)
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {}
}
