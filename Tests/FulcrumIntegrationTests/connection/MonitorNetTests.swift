import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Legacy `monitor-net` end to end, as HAProxy 2.0 documented it: a client from the network
/// gets `HTTP/1.0 200 OK` and a close in `mode http`, a close in `mode tcp`, and never reaches a
/// server; other clients are proxied as usual.
@Suite(.serialized) struct MonitorNetTests {
  static func configuration(mode: String, network: String, server: Int) -> String {
    """
    defaults
        mode \(mode)
        timeout connect 1s
        timeout client 10s
        timeout server 10s
    listen relay
        bind 127.0.0.1:10000
        monitor-net \(network)
        server s1 127.0.0.1:\(server)

    """
  }

  @Test func tcpMonitorIsClosedAtOnceWithoutReachingAServer() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server = try await MockTCPServer.start(.greetThenEcho("S"), group: group)
    let proxy = try await TCPProxyHarness.start(
      Self.configuration(mode: "tcp", network: "127.0.0.0/8", server: server.port), threads: 1)
    let client = try BlockingTCPClient(port: proxy.port)
    #expect(try client.readToEnd() == [])
    #expect(server.acceptedConnections == 0)
    try await proxy.stop()

    // A client outside the network is proxied.
    let other = try await TCPProxyHarness.start(
      Self.configuration(mode: "tcp", network: "10.0.0.0/8", server: server.port), threads: 1)
    let proxied = try BlockingTCPClient(port: other.port)
    #expect(try proxied.read(exactly: 1) == Array("S".utf8))
    #expect(server.acceptedConnections == 1)
    try await other.stop()
    try await server.close()
    try await group.shutdownGracefully()
  }

  @Test func httpMonitorGetsTheStatusLineWithoutSendingARequest() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server = try await MockTCPServer.start(.echo, group: group)
    let proxy = try await TCPProxyHarness.start(
      Self.configuration(mode: "http", network: "127.0.0.1", server: server.port), threads: 2)
    for _ in 0..<3 {
      let client = try BlockingTCPClient(port: proxy.port)
      #expect(try client.readToEnd() == Array("HTTP/1.0 200 OK\r\n\r\n".utf8))
    }
    #expect(server.acceptedConnections == 0)
    // The connections are released (maxconn counts them only while they are open).
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "the monitor connections to be released") {
      proxy.runtime.activeSessions == 0
    }
    try await proxy.stop()
    try await server.close()
    try await group.shutdownGracefully()
  }
}
