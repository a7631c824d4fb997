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
    let first = try BlockingTCPClient(port: proxy.port)
    try await DedicatedThread.run {
      try first.send("one")
      #expect(try first.read(exactly: 3) == Array("one".utf8))
    }
    let second = try BlockingTCPClient(port: proxy.port)
    async let secondEcho = DedicatedThread.run {
      try second.send("two")
      return try second.read(exactly: 3)
    }
    // The second session does not reach the server while the first holds the only slot.
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(200)
    var reached = false
    while clock.now < deadline, !reached {
      reached = echo.acceptedConnections > 1
      try await Task.sleep(for: .milliseconds(10))
    }
    #expect(!reached)
    first.closeNow()
    #expect(try await secondEcho == Array("two".utf8))
    #expect(echo.acceptedConnections == 2)
    second.closeNow()
    try await proxy.stop()
    try await agent.close()
    try await echo.close()
    try await group.shutdownGracefully()
  }
}
