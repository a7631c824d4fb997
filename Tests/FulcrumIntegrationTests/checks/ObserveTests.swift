import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `observe`, `on-error`, `on-marked-down shutdown-sessions` and `on-marked-up
/// shutdown-backup-sessions` end to end: real traffic through the proxy decides a server's
/// health, and health changes cut sessions. Checks run against `MockCheckServer`s with long
/// intervals where only the traffic should decide; every wait polls with a deadline.
@Suite(.serialized) struct ObserveTests {
  static let ok = MockCheckServer.Behaviour.reply("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
  static let failing = MockCheckServer.Behaviour.reply(
    "HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")

  @Test func serverAnswering500IsMarkedDownAfterErrorLimit() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(Self.ok, group: group)
    try await HTTPProxyFixture.with(
      [.fixed(status: 500, body: "bad"), .fixed(status: 200, body: "backup")], threads: 2
    ) {
      ports in
      """
      defaults
          mode http
          timeout connect 1s
          timeout client 5s
          timeout server 5s
      listen web
          bind 127.0.0.1:10000
          server s0 127.0.0.1:\(ports[0]) check port \(check.port) inter 30s observe layer7 error-limit 3 on-error mark-down
          server s1 127.0.0.1:\(ports[1]) backup

      """
    } _: { fixture in
      let log = fixture.proxy.runtime.healthLog
      // Two errors and a good answer would start the count again; here three 500s in a row.
      let statuses = try await fixture.client { client in
        try (0..<3).map { _ in try client.request(HTTPRequestText.get()).status }
      }
      #expect(statuses == [500, 500, 500])
      _ = try await HealthCheckTests.waitUntil(.seconds(5), "s0 to be marked down") {
        log.lines.contains { $0.hasPrefix("Server web/s0 is DOWN") }
      }
      // haproxy 2.6 words it so, with no check duration (it adds "1 sessions active, ...").
      #expect(
        log.lines.contains(
          "Server web/s0 is DOWN, reason: Health analyze, info: \"Detected 3 consecutive errors, last one was: Wrong http response\". 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."
        ), "\(log.lines)")
      // Selectors are told on their own loop right after the line: poll.
      var body = ""
      let clock = ContinuousClock()
      let deadline = clock.now + .seconds(2)
      while body != "backup", clock.now < deadline {
        body = try await fixture.client { client in try client.request(HTTPRequestText.get()).bodyText }
      }
      #expect(body == "backup")
    }
    try await check.close()
    try await group.shutdownGracefully()
  }

  @Test func failedConnectsCountEachAttemptInLayer4() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(Self.ok, group: group)
    let live = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    // A port nobody listens on: every connect is refused.
    let closed = try await MockTCPServer.start(.echo, group: group)
    let deadPort = closed.port
    try await closed.close()
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("tcp"))
          retries 2
      listen relay
          bind 127.0.0.1:10000
          server a 127.0.0.1:\(deadPort) check port \(check.port) inter 30s observe layer4 error-limit 3 on-error mark-down
          server b 127.0.0.1:\(live.port) backup

      """, threads: 1)
    let log = proxy.runtime.healthLog
    // One session: a first attempt and two retries, three errors (as haproxy 2.6 counts them).
    let port = proxy.port
    let ended = try await DedicatedThread.run {
      let client = try BlockingTCPClient(port: port)
      defer { client.closeNow() }
      return client.waitForClose()
    }
    #expect(ended)
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to be marked down") {
      log.lines.contains { $0.hasPrefix("Server relay/a is DOWN") }
    }
    #expect(
      log.lines.contains(
        "Server relay/a is DOWN, reason: Health analyze, info: \"Detected 3 consecutive errors, last one was: L4 unsuccessful connection\". 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."
      ), "\(log.lines)")
    try await proxy.stop()
    try await live.close()
    try await check.close()
    try await group.shutdownGracefully()
  }

  @Test func markedDownServerLosesItsLongTCPSession() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(Self.ok, group: group)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let plain = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let plainCheck = try await MockCheckServer.start(Self.ok, group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      defaults
          mode tcp
          timeout connect 1s
          timeout client 30s
          timeout server 30s
      listen relay
          bind 127.0.0.1:10000
          balance first
          option httpchk GET /health
          server a 127.0.0.1:\(data.port) check port \(check.port) inter 100 fall 1 on-marked-down shutdown-sessions
      listen other
          bind 127.0.0.1:10001
          option httpchk GET /health
          server b 127.0.0.1:\(plain.port) check port \(plainCheck.port) inter 100 fall 1

      """, threads: 2)
    let log = proxy.runtime.healthLog
    let cut = proxy.ports[0]
    let kept = proxy.ports[1]
    // Sessions that wait: each reads its greeting, then blocks until the proxy closes it.
    async let cutSession: Bool = DedicatedThread.run {
      let client = try BlockingTCPClient(port: cut, timeoutSeconds: 20)
      defer { client.closeNow() }
      _ = try client.read(exactly: 1)
      return client.waitForClose()
    }
    async let keptSession: [UInt8] = DedicatedThread.run {
      let client = try BlockingTCPClient(port: kept, timeoutSeconds: 20)
      defer { client.closeNow() }
      _ = try client.read(exactly: 1)
      try client.send("x")
      return try client.read(exactly: 1)
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "both sessions to reach their servers") {
      data.acceptedConnections == 1 && plain.acceptedConnections == 1
    }
    check.behaviour = Self.failing
    plainCheck.behaviour = Self.failing
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "both servers to go down") {
      log.lines.contains { $0.hasPrefix("Server relay/a is DOWN") }
        && log.lines.contains { $0.hasPrefix("Server other/b is DOWN") }
    }
    #expect(try await cutSession)
    // The server without the option keeps its session: it still echoes.
    #expect(try await keptSession == Array("x".utf8))
    try await proxy.stop()
    for server in [data, plain] { try await server.close() }
    for server in [check, plainCheck] { try await server.close() }
    try await group.shutdownGracefully()
  }

  @Test func markedDownServerLosesTheHTTPExchangeInFlight() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(Self.ok, group: group)
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with([.held(gate, then: .fixed(status: 200, body: "late"))], threads: 2) { ports in
      """
      defaults
          mode http
          timeout connect 1s
          timeout client 30s
          timeout server 30s
      listen web
          bind 127.0.0.1:10000
          option httpchk GET /health
          server s0 127.0.0.1:\(ports[0]) check port \(check.port) inter 100 fall 1 on-marked-down shutdown-sessions

      """
    } _: { fixture in
      let log = fixture.proxy.runtime.healthLog
      let port = fixture.port
      // haproxy 2.6 answers 502 and keeps the client connection.
      async let answer: Int = DedicatedThread.run {
        let client = try HTTPTestClient(port: port, timeoutSeconds: 20)
        defer { client.closeNow() }
        return try client.request(HTTPRequestText.get()).status
      }
      #expect(await gate.waitUntilHolding(1))
      check.behaviour = Self.failing
      _ = try await HealthCheckTests.waitUntil(.seconds(5), "s0 to go down") {
        log.lines.contains { $0.hasPrefix("Server web/s0 is DOWN") }
      }
      #expect(try await answer == 502)
      gate.open()
    }
    try await check.close()
    try await group.shutdownGracefully()
  }

  @Test func activeServerComingUpEndsBackupSessions() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(Self.failing, group: group)
    let active = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let backup = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      defaults
          mode tcp
          timeout connect 1s
          timeout client 30s
          timeout server 30s
      listen relay
          bind 127.0.0.1:10000
          option httpchk GET /health
          server a 127.0.0.1:\(active.port) check port \(check.port) inter 100 rise 1 fall 1 on-marked-up shutdown-backup-sessions
          server b 127.0.0.1:\(backup.port) backup

      """, threads: 2)
    let log = proxy.runtime.healthLog
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to go down") {
      log.lines.contains { $0.hasPrefix("Server relay/a is DOWN") }
    }
    let port = proxy.port
    async let onBackup: (String, Bool) = DedicatedThread.run {
      let client = try BlockingTCPClient(port: port, timeoutSeconds: 20)
      defer { client.closeNow() }
      let greeting = String(decoding: try client.read(exactly: 1), as: UTF8.self)
      return (greeting, client.waitForClose())
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a session on the backup") { backup.acceptedConnections == 1 }
    check.behaviour = Self.ok
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "a to come up") {
      log.lines.contains { $0.hasPrefix("Server relay/a is UP") }
    }
    let (greeting, closed) = try await onBackup
    #expect(greeting == "B")
    #expect(closed)
    try await proxy.stop()
    for server in [active, backup] { try await server.close() }
    try await check.close()
    try await group.shutdownGracefully()
  }
}
