import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// An agent answering `maxconn:1` limits its server as a configured `maxconn 1` would: a
/// second session waits in the queue until the first ends.
@Suite(.serialized) struct AgentMaxconnTests {
  @Test func theAgentsMaxconnQueuesTheSecondSession() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: group)
    let agent = try await MockCheckServer.start(.greet("up maxconn:1\n"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      defaults
          mode tcp
          timeout connect 1s
          timeout queue 5s
          timeout client 10s
          timeout server 10s
      listen relay
          bind 127.0.0.1:10000
          server s0 127.0.0.1:\(echo.port) agent-check agent-port \(agent.port) agent-inter 100

      """)
    // Each reply is applied before the next agent check is even scheduled.
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "two agent replies") { agent.acceptedConnections >= 2 }
    try await TCPServerQueueTests.expectSecondSessionWaitsForTheFirst(proxyPort: proxy.port, echo: echo)
    try await proxy.stop()
    try await agent.close()
    try await echo.close()
    try await group.shutdownGracefully()
  }
}
