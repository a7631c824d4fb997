import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Health checks end to end in `mode tcp`: data servers greet with their name, each has a check
/// endpoint or an agent whose answer the test changes, and sessions read the greeting to learn
/// where they went. Short intervals (100 ms) keep it fast; every wait polls with a deadline.
@Suite(.serialized) struct HealthCheckTests {
  static let ok = MockCheckServer.Behaviour.reply("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
  static let failing = MockCheckServer.Behaviour.reply(
    "HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")

  /// The greetings of `count` sessions opened one after the other.
  static func picks(_ count: Int, port: Int) throws -> String {
    var result = ""
    for _ in 0..<count {
      let client = try BlockingTCPClient(port: port)
      result += String(decoding: try client.read(exactly: 1), as: UTF8.self)
    }
    return result
  }

  /// Polls `condition` every 20 ms until it holds or `limit` passes; returns the time it took.
  static func waitUntil(
    _ limit: Duration, _ what: String, _ condition: () throws -> Bool
  ) async throws -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    while clock.now - start < limit {
      if try condition() { return clock.now - start }
      try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("timed out after \(limit) waiting for \(what)")
    return limit
  }

  @Test func failingServerIsTakenOutWithinFallIntervalsAndBackAfterRise() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let names = ["A", "B", "C"]
    var data: [MockTCPServer] = []
    var checks: [MockCheckServer] = []
    for name in names {
      data.append(try await MockTCPServer.start(.greetThenEcho(name), group: group))
      checks.append(try await MockCheckServer.start(Self.ok, group: group))
    }
    let servers = (0..<3).map { index in
      "    server \(names[index].lowercased()) 127.0.0.1:\(data[index].port) check port \(checks[index].port) inter 100 rise 2 fall 2"
    }
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          option httpchk GET /health
          option log-health-checks
      \(servers.joined(separator: "\n"))

      """, threads: 2)
    let log = proxy.runtime.healthLog
    // Every server passed a check: fully up.
    _ = try await Self.waitUntil(.seconds(5), "the first checks") {
      names.allSatisfy { name in
        log.lines.contains { $0.hasPrefix("Health check for server relay/\(name.lowercased()) succeeded") }
      }
    }
    #expect(Set(try Self.picks(12, port: proxy.port)) == ["A", "B", "C"])

    // B fails: out within fall x inter (200 ms), with slack for a loaded machine.
    checks[1].behaviour = Self.failing
    let down = try await Self.waitUntil(.seconds(5), "b to go down") {
      log.lines.contains { $0.hasPrefix("Server relay/b is DOWN") }
    }
    #expect(down < .milliseconds(200 + 1_500))
    #expect(
      log.lines.contains {
        $0.hasPrefix(
          "Health check for server relay/b failed, reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\""
        )
      })
    #expect(
      log.lines.contains(
        "Server relay/b is DOWN. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
      ))
    // Selectors are told on their own loop right after the log line: poll, then expect none.
    _ = try await Self.waitUntil(.seconds(2), "traffic to avoid b") {
      !(try Self.picks(4, port: proxy.port)).contains("B")
    }
    let withoutB = try Self.picks(20, port: proxy.port)
    #expect(!withoutB.contains("B"))
    #expect(Set(withoutB) == ["A", "C"])

    // B recovers: back after rise (2) good checks, not at the first one.
    checks[1].behaviour = Self.ok
    _ = try await Self.waitUntil(.seconds(5), "b to come back") {
      log.lines.contains { $0.hasPrefix("Server relay/b is UP") }
    }
    let recovery = log.lines.filter { $0.contains("relay/b") }.suffix(3)
    #expect(recovery.first?.hasSuffix("status: 1/2 DOWN.") == true, "\(recovery)")
    #expect(log.status(backend: "relay", server: "b") == "UP")
    _ = try await Self.waitUntil(.seconds(2), "traffic to reach b") {
      try Self.picks(6, port: proxy.port).contains("B")
    }

    try await proxy.stop()
    for server in data { try await server.close() }
    for server in checks { try await server.close() }
    try await group.shutdownGracefully()
  }

  @Test func agentDrainsThenWeighsThenReadies() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let b = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let agent = try await MockCheckServer.start(.greet("up\n"), group: group)
    // One event loop: its selector sees every session, so the weights show in the order.
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(a.port) weight 10
          server b 127.0.0.1:\(b.port) weight 10 check inter 100 agent-check agent-port \(agent.port) agent-inter 100

      """, threads: 1)
    let log = proxy.runtime.healthLog
    #expect(Set(try Self.picks(6, port: proxy.port)) == ["A", "B"])

    agent.behaviour = .greet("drain\n")
    _ = try await Self.waitUntil(.seconds(5), "b to drain") {
      log.lines.contains(
        "Server relay/b enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
      )
    }
    _ = try await Self.waitUntil(.seconds(2), "traffic to avoid b") {
      !(try Self.picks(4, port: proxy.port)).contains("B")
    }
    #expect(try Self.picks(10, port: proxy.port) == String(repeating: "A", count: 10))

    // A weight while draining: kept for later, still no traffic (haproxy 2.6: DRAIN, weight 5).
    let agentConnections = agent.acceptedConnections
    agent.behaviour = .greet("50%\n")
    _ = try await Self.waitUntil(.seconds(5), "the agent to answer 50%") {
      agent.acceptedConnections >= agentConnections + 3
    }
    #expect(log.status(backend: "relay", server: "b") == "DRAIN")
    #expect(try Self.picks(10, port: proxy.port) == String(repeating: "A", count: 10))

    // 'up' does not end a drain the agent started (haproxy 2.6: still "DRAIN (agent)").
    let beforeUp = agent.acceptedConnections
    agent.behaviour = .greet("up\n")
    _ = try await Self.waitUntil(.seconds(5), "the agent to answer up") { agent.acceptedConnections >= beforeUp + 3 }
    #expect(try Self.picks(10, port: proxy.port) == String(repeating: "A", count: 10))

    // 'ready' ends it: b is back at half a's weight.
    agent.behaviour = .greet("ready\n")
    _ = try await Self.waitUntil(.seconds(5), "b to leave drain") {
      log.lines.contains("Server relay/b is UP (leaving forced drain).")
    }
    _ = try await Self.waitUntil(.seconds(2), "traffic to reach b") {
      try Self.picks(6, port: proxy.port).contains("B")
    }
    let shared = try Self.picks(30, port: proxy.port)
    #expect(shared.filter { $0 == "A" }.count == 20, "\(shared)")
    #expect(shared.filter { $0 == "B" }.count == 10, "\(shared)")

    try await proxy.stop()
    for server in [a, b] { try await server.close() }
    try await agent.close()
    try await group.shutdownGracefully()
  }
}
