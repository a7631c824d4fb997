import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `track` end to end in `mode tcp`: `relay/a` tracks `checked/b1` (another backend), `relay/a2`
/// tracks `relay/a` (a chain), `relay/c` has no check. The tracked server's check endpoint and
/// agent change their answers; the tracking servers follow with HAProxy 2.6's lines and the
/// traffic through the relay shows them taken out and put back.
@Suite(.serialized) struct TrackTests {
  @Test func trackingServersFollowDownUpAndMaintenance() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let a2 = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let c = try await MockTCPServer.start(.greetThenEcho("C"), group: group)
    let check = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let agent = try await MockCheckServer.start(.greet("up\n"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(a.port) track checked/b1
          server a2 127.0.0.1:\(a2.port) track a
          server c 127.0.0.1:\(c.port)
      backend checked
          option httpchk GET /health
          server b1 127.0.0.1:1 check port \(check.port) inter 100 rise 1 fall 1 agent-check agent-port \(agent.port) agent-inter 100

      """, threads: 2)
    let log = proxy.runtime.healthLog
    let port = proxy.port
    #expect(Set(try HealthCheckTests.picks(12, port: port)) == ["A", "B", "C"])

    // b1 fails its check: a follows it down, then a2 follows a.
    check.behaviour = HealthCheckTests.failing
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a2 to follow b1 down") {
      log.lines.contains(
        "Server relay/a2 is DOWN via relay/a. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
      )
    }
    let down = log.lines.filter { $0.contains(" is DOWN") }
    #expect(down.count == 3, "\(down)")
    #expect(down.first?.hasPrefix("Server checked/b1 is DOWN, reason: Layer7 wrong status, code: 500") == true)
    #expect(
      down.dropFirst().first
        == "Server relay/a is DOWN via checked/b1. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
    )
    #expect(log.status(backend: "relay", server: "a") == "DOWN")
    // haproxy 2.6 quotes the name on standard error.
    #expect(log.lines.contains("backend 'checked' has no server available!"))
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to avoid a and a2") {
      try HealthCheckTests.picks(6, port: port) == "CCCCCC"
    }

    // b1 passes again: both come back.
    check.behaviour = HealthCheckTests.ok
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a2 to follow b1 up") {
      log.lines.contains(
        "Server relay/a2 is UP via relay/a. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
      )
    }
    #expect(
      log.lines.contains(
        "Server relay/a is UP via checked/b1. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
      ))
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to reach a and a2") {
      Set(try HealthCheckTests.picks(9, port: port)) == ["A", "B", "C"]
    }

    // The agent puts b1 in maintenance: the trackers go with it, and come back with it.
    agent.behaviour = .greet("maint\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to follow b1 into maintenance") {
      log.lines.contains(
        "Server relay/a is going DOWN for maintenance via checked/b1. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
      )
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a2 to follow a into maintenance") {
      log.status(backend: "relay", server: "a2") == "MAINT (via relay/a)"
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to avoid a and a2") {
      try HealthCheckTests.picks(6, port: port) == "CCCCCC"
    }
    agent.behaviour = .greet("ready\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a2 to leave maintenance") {
      log.lines.contains("Server relay/a2 is UP/READY (leaving maintenance).")
    }
    #expect(log.lines.contains("Server checked/b1 is UP/READY (leaving forced maintenance)."))
    #expect(log.lines.contains("Server relay/a is UP/READY (leaving maintenance)."))
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to reach a and a2") {
      Set(try HealthCheckTests.picks(9, port: port)) == ["A", "B", "C"]
    }

    try await proxy.stop()
    for server in [a, a2, c] { try await server.close() }
    try await check.close()
    try await agent.close()
    try await group.shutdownGracefully()
  }

  @Test func trackingADisabledServerStartsInMaintenance() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let c = try await MockTCPServer.start(.greetThenEcho("C"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(a.port) track b1
          server c 127.0.0.1:\(c.port)
          server b1 127.0.0.1:\(a.port) check disabled

      """, threads: 1)
    // haproxy 2.6: 'a' shows "MAINT (via relay/b1)" from the start and takes no traffic.
    #expect(try HealthCheckTests.picks(6, port: proxy.port) == "CCCCCC")
    try await proxy.stop()
    for server in [a, c] { try await server.close() }
    try await group.shutdownGracefully()
  }

  @Test func trackingAServerOfADisabledBackendKeepsItsInitialState() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let b = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let c = try await MockTCPServer.start(.greetThenEcho("C"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(a.port) track off/up
          server b 127.0.0.1:\(b.port) track off/maint
          server c 127.0.0.1:\(c.port)
      backend off
          disabled
          server up 127.0.0.1:1 check inter 100
          server maint 127.0.0.1:1 check inter 100 disabled

      """, threads: 1)
    // haproxy 2.6 never checks the servers of a disabled backend (here they would fail): 'a'
    // follows 'off/up', which stays up, and 'b' follows 'off/maint' into maintenance.
    #expect(Set(try HealthCheckTests.picks(8, port: proxy.port)) == ["A", "C"])
    #expect(proxy.runtime.healthLog.lines.isEmpty, "\(proxy.runtime.healthLog.lines)")
    try await proxy.stop()
    for server in [a, b, c] { try await server.close() }
    try await group.shutdownGracefully()
  }

  /// `agent-check` on a tracking server, with the lines haproxy 2.6.12 logs for it (recorded):
  /// its `down` and `up` read as if the tracked server had moved.
  @Test func aTrackingServersOwnAgentTakesItDownAndDrainsIt() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let c = try await MockTCPServer.start(.greetThenEcho("C"), group: group)
    let check = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let agent = try await MockCheckServer.start(.greet("up\n"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(a.port) track checked/b1 agent-check agent-port \(agent.port) agent-inter 100
          server c 127.0.0.1:\(c.port)
      backend checked
          option httpchk GET /health
          server b1 127.0.0.1:1 check port \(check.port) inter 100 rise 1 fall 1

      """, threads: 1)
    let log = proxy.runtime.healthLog
    let port = proxy.port
    #expect(Set(try HealthCheckTests.picks(8, port: port)) == ["A", "C"])

    agent.behaviour = .greet("down\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to go down") {
      log.lines.contains(
        "Server relay/a is DOWN via checked/b1. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
      )
    }
    #expect(try HealthCheckTests.picks(4, port: port) == "CCCC")
    // The tracked server is fine all along.
    #expect(!log.lines.contains { $0.hasPrefix("Server checked/b1") })

    agent.behaviour = .greet("up\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to come back") {
      log.lines.contains(
        "Server relay/a is UP via checked/b1. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
      )
    }
    agent.behaviour = .greet("drain\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to drain") {
      log.lines.contains(
        "Server relay/a enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
      )
    }
    #expect(try HealthCheckTests.picks(4, port: port) == "CCCC")
    agent.behaviour = .greet("ready\n")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to leave the drain") {
      log.lines.contains("Server relay/a is UP (leaving forced drain).")
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to reach a again") {
      Set(try HealthCheckTests.picks(8, port: port)) == ["A", "C"]
    }
    try await proxy.stop()
    for server in [a, c] { try await server.close() }
    for server in [check, agent] { try await server.close() }
    try await group.shutdownGracefully()
  }
}
