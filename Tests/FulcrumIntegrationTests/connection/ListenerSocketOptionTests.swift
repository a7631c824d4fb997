import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

@testable import FulcrumRuntime

#if os(Linux)
import Glibc

/// `bind ... defer-accept tfo`: the listening socket gets `TCP_DEFER_ACCEPT` and `TCP_FASTOPEN`
/// (with the backlog as its queue length), as HAProxy sets them, and still serves; a `bind`
/// without them leaves both off.
@Suite(.serialized) struct ListenerSocketOptionTests {
  static func option(
    _ channel: any Channel, _ name: CInt, level: NIOBSDSocket.OptionLevel = .tcp
  ) async throws -> Int {
    try await channel.getOption(ChannelOptions.Types.SocketOption(level: level, name: .init(rawValue: name))).get()
  }

  /// The listening socket's `TCP_DEFER_ACCEPT` and `TCP_FASTOPEN` with `options` on the
  /// `bind` line, after one echo through it.
  static func listenerOptions(_ options: String) async throws -> (deferAccept: Int, fastOpen: Int, transparent: Int) {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let text = TCPRelayTests.config(servers: [echo.port]).replacingOccurrences(
      of: "bind 127.0.0.1:10000", with: "bind 127.0.0.1:10000 \(options)")
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let channel = try #require(proxy.runtime.listeners.withLockedValue { $0 }.first)
    let values = (
      deferAccept: try await Self.option(channel, CInt(TCP_DEFER_ACCEPT)),
      fastOpen: try await Self.option(channel, CInt(TCP_FASTOPEN)),
      transparent: try await Self.option(channel, CInt(IP_TRANSPARENT), level: .ip)
    )
    #expect(proxy.runtime.startWarnings.isEmpty)
    let client = try BlockingTCPClient(port: proxy.port)
    try client.send("ping")
    #expect(try client.read(exactly: 4) == Array("ping".utf8))
    client.closeNow()
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
    return values
  }

  @Test func deferAcceptAndFastOpenAreSetOnTheListeningSocket() async throws {
    let set = try await Self.listenerOptions("defer-accept tfo backlog 64")
    #expect(set.deferAccept > 0)
    #expect(set.fastOpen == 64)
    let plain = try await Self.listenerOptions("")
    #expect(plain.deferAccept == 0)
    #expect(plain.fastOpen == 0)
    #expect(plain.transparent == 0)
  }

  /// The device the listening socket is bound to, after one echo through it, with the start
  /// warnings.
  static func boundDevice(_ options: String) async throws -> (device: String, warnings: [String]) {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let text = TCPRelayTests.config(servers: [echo.port]).replacingOccurrences(
      of: "bind 127.0.0.1:10000", with: "bind 127.0.0.1:10000 \(options)")
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let channel = try #require(proxy.runtime.listeners.withLockedValue { $0 }.first as? any SocketOptionProvider)
    typealias Name = (UInt64, UInt64)
    let raw: Name = try await channel.unsafeGetSocketOption(
      level: .socket, name: .init(rawValue: CInt(SO_BINDTODEVICE))
    ).get()
    let device = withUnsafeBytes(of: raw) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
    let client = try BlockingTCPClient(port: proxy.port)
    try client.send("ping")
    #expect(try client.read(exactly: 4) == Array("ping".utf8))
    client.closeNow()
    let warnings = proxy.runtime.startWarnings
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
    return (device, warnings)
  }

  /// `interface` needs CAP_NET_RAW: as root the socket is bound to the device; otherwise, as
  /// HAProxy, a warning and a socket on every interface.
  @Test func interfaceBindsTheListeningSocketToTheDevice() async throws {
    let bound = try await Self.boundDevice("interface lo")
    if geteuid() == 0 {
      #expect(bound.device == "lo")
      #expect(bound.warnings.isEmpty)
    } else {
      #expect(bound.device == "")
      #expect(bound.warnings.contains { $0.contains("cannot bind receiver to device 'lo' (") })
    }
    #expect(try await Self.boundDevice("").device == "")
  }

  @Test func anUnknownInterfaceIsAWarningAndTheListenerStillServes() async throws {
    let bound = try await Self.boundDevice("interface nosuchdev0")
    #expect(bound.device == "")
    #expect(bound.warnings.count == 1)
    let warning = bound.warnings.first ?? ""
    #expect(warning.contains("cannot bind receiver to device 'nosuchdev0' ("), "\(warning)")
  }

  /// `transparent` needs CAP_NET_ADMIN: checked where the tests run as root (as CI here does).
  @Test(.enabled(if: geteuid() == 0, "IP_TRANSPARENT needs CAP_NET_ADMIN"))
  func transparentSetsIPTransparentBeforeTheBind() async throws {
    #expect(try await Self.listenerOptions("transparent").transparent == 1)
    // With `interface`, the runtime makes the socket itself: still transparent.
    #expect(try await Self.listenerOptions("transparent interface lo").transparent == 1)
  }

  /// `option tcp-smart-accept`: `TCP_QUICKACK` off on the listening socket in `mode http`
  /// unless `no option tcp-smart-accept` (also from the defaults), and in `mode tcp` only
  /// when asked for, as HAProxy 2.6 sets it.
  @Test(arguments: [
    ("http", "", "", 0), ("http", "", "    no option tcp-smart-accept", 1),
    ("http", "    no option tcp-smart-accept", "    option tcp-smart-accept", 0),
    ("http", "    no option tcp-smart-accept", "", 1), ("tcp", "", "", 1),
    ("tcp", "", "    option tcp-smart-accept", 0),
  ])
  func tcpSmartAcceptTurnsQuickAckOffOnTheListener(
    mode: String, defaults: String, listen: String, quickAck: Int
  ) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let text = """
      \(TCPProxyHarness.defaults(mode))
      \(defaults)
      listen relay
          bind 127.0.0.1:10000
      \(listen)
          server s0 127.0.0.1:\(echo.port)

      """
    let proxy = try await TCPProxyHarness.start(text, threads: 1)
    let channel = try #require(proxy.runtime.listeners.withLockedValue { $0 }.first)
    #expect(try await Self.option(channel, CInt(TCP_QUICKACK)) == quickAck, "mode \(mode) \(defaults) \(listen)")
    #expect(proxy.runtime.startWarnings.isEmpty)
    try await proxy.stop()
    try await echo.close()
    try await backends.shutdownGracefully()
  }
}
#endif
