import FulcrumProxy
import FulcrumTestSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

#if os(Linux)
import Glibc

/// `option clitcpka|srvtcpka|tcpka` with `*tcpka-cnt|idle|intvl`, and `option nolinger`: the
/// options reach the sockets, and a connection Fulcrum closes under `nolinger` ends with a
/// reset on both sides, as in HAProxy.
@Suite(.serialized) struct SocketTuningTests {
  static func option(_ channel: any Channel, _ name: CInt, level: NIOBSDSocket.OptionLevel = .tcp) async throws -> Int {
    try await channel.getOption(ChannelOptions.Types.SocketOption(level: level, name: .init(rawValue: name))).get()
  }

  @Test func keepAliveOptionsReachTheSocket() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: group)
    func connect(_ tuning: SocketTuning) async throws -> any Channel {
      try await ClientBootstrap(group: group)
        .channelInitializer { channel in channel.initializeNow { try tuning.apply(to: channel) } }
        .connect(host: "127.0.0.1", port: echo.port).get()
    }
    let tuned = try await connect(
      SocketTuning(keepAlive: true, keepAliveCount: 3, keepAliveIdle: 7, keepAliveInterval: 2))
    #expect(try await Self.option(tuned, CInt(SO_KEEPALIVE), level: .socket) == 1)
    #expect(try await Self.option(tuned, CInt(TCP_KEEPCNT)) == 3)
    #expect(try await Self.option(tuned, CInt(TCP_KEEPIDLE)) == 7)
    #expect(try await Self.option(tuned, CInt(TCP_KEEPINTVL)) == 2)
    // `tcp-smart-connect`: quick ACKs are off before the connect (the kernel turns them back on
    // once the delayed ACK has left, so they are read in the initializer).
    let quickAck = NIOLockedValueBox<Int?>(nil)
    let smart = try await ClientBootstrap(group: group)
      .channelInitializer { channel in
        channel.initializeNow {
          try SocketTuning(delaysConnectAck: true).apply(to: channel)
          let option = ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_QUICKACK)))
          let value = try channel.syncOptions?.getOption(option)
          quickAck.withLockedValue { $0 = value }
        }
      }
      .connect(host: "127.0.0.1", port: echo.port).get()
    #expect(quickAck.withLockedValue { $0 } == 0)
    try await smart.close()
    let plain = try await connect(SocketTuning())
    #expect(try await Self.option(plain, CInt(SO_KEEPALIVE), level: .socket) == 0)
    try await tuned.close()
    try await plain.close()
    try await echo.close()
    try await group.shutdownGracefully()
  }

  /// `tune.rcvbuf.*` / `tune.sndbuf.*`: the sizes reach the socket (Linux reports twice what
  /// was asked, for its bookkeeping), and the plan takes them from the global section.
  @Test func bufferSizesReachTheSocket() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: group)
    let tuned = try await ClientBootstrap(group: group)
      .channelInitializer { channel in
        channel.initializeNow { try SocketTuning(receiveBuffer: 65_536, sendBuffer: 32_768).apply(to: channel) }
      }
      .connect(host: "127.0.0.1", port: echo.port).get()
    #expect(try await Self.option(tuned, CInt(SO_RCVBUF), level: .socket) == 131_072)
    #expect(try await Self.option(tuned, CInt(SO_SNDBUF), level: .socket) == 65_536)
    try await tuned.close()
    try await echo.close()
    try await group.shutdownGracefully()
  }

  /// With `option httpclose`, Fulcrum closes both connections after the response. The server
  /// connection ends with a reset either way, as haproxy 2.6 ends a server connection it
  /// closes first (no TIME_WAIT socket left on Fulcrum's side); the client's ends with a FIN,
  /// or under `nolinger` with a reset.
  @Test func noLingerResetsTheConnectionsFulcrumCloses() async throws {
    for noLinger in [false, true] {
      let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
      let server = try await MockCheckServer.start(
        .reply("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", close: false), group: backends)
      let text =
        TCPProxyHarness.defaults("http") + """

          listen web
              bind 127.0.0.1:10000
              option httpclose
              \(noLinger ? "option nolinger" : "")
              server s1 127.0.0.1:\(server.port)

          """
      let proxy = try await TCPProxyHarness.start(text, threads: 1)
      let client = try BlockingTCPClient(port: proxy.port)
      try client.send("GET / HTTP/1.1\r\nhost: test\r\n\r\n")
      if noLinger {
        #expect(throws: (any Error).self) { try client.readToEnd() }
      } else {
        let response = String(decoding: try client.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.hasSuffix("ok"))
      }
      #expect(try await server.peerEndings(count: 1) == [.reset], "nolinger: \(noLinger)")
      client.closeNow()
      try await proxy.stop()
      try await server.close()
      try await backends.shutdownGracefully()
    }
  }
}
#endif
