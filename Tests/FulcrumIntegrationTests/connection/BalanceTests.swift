import FulcrumConfig
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `balance` end to end in `mode tcp`: mock servers greet with their name, and each session
/// reads the greeting to learn which server it reached. One event loop, so the loop's selector
/// sees every session.
@Suite(.serialized) struct BalanceTests {
  static func config(servers: [(name: String, port: Int, options: String)], extra: String = "") -> String {
    """
    \(TCPProxyHarness.defaults("tcp"))
    listen relay
        bind 127.0.0.1:10000
    \(extra)
    \(servers.map { "    server \($0.name) 127.0.0.1:\($0.port) \($0.options)" }.joined(separator: "\n"))

    """
  }

  /// Starts one greeting server per name, runs `body` with their ports, and stops them.
  static func withServers(
    _ names: [String], _ body: ([Int]) async throws -> Void
  ) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var servers: [MockTCPServer] = []
    for name in names { servers.append(try await MockTCPServer.start(.greetThenEcho(name), group: backends)) }
    try await body(servers.map(\.port))
    for server in servers { try await server.close() }
    try await backends.shutdownGracefully()
  }

  /// The greetings of `count` sessions opened one after the other, each closed before the next.
  static func greetings(_ count: Int, port: Int) throws -> String {
    var result = ""
    for _ in 0..<count {
      let client = try BlockingTCPClient(port: port)
      result += String(decoding: try client.read(exactly: 1), as: UTF8.self)
    }
    return result
  }

  @Test func weightsShareSessionsInHAProxysInterleaving() async throws {
    try await Self.withServers(["A", "B"]) { ports in
      let proxy = try await TCPProxyHarness.start(
        Self.config(servers: [("a", ports[0], "weight 1"), ("b", ports[1], "weight 2")]), threads: 1)
      let picks = try Self.greetings(30, port: proxy.port)
      #expect(picks.filter { $0 == "A" }.count == 10)
      #expect(picks.filter { $0 == "B" }.count == 20)
      // HAProxy 2.6's fwrr order for weights 1:2 (the algorithm replays HAProxy's recorded
      // picks in FulcrumBalancingTests).
      #expect(picks == String(repeating: "BBA", count: 10))
      try await proxy.stop()
    }
  }

  @Test func sourceSendsAClientToOneServer() async throws {
    try await Self.withServers(["A", "B", "C"]) { ports in
      let proxy = try await TCPProxyHarness.start(
        Self.config(
          servers: [("a", ports[0], ""), ("b", ports[1], ""), ("c", ports[2], "")], extra: "    balance source"),
        threads: 1)
      let picks = try Self.greetings(9, port: proxy.port)
      #expect(Set(picks).count == 1, "\(picks)")
      try await proxy.stop()
    }
  }

  @Test func backupServesOnlyWhenNoActiveIsUsable() async throws {
    try await Self.withServers(["A", "B", "K"]) { ports in
      let withActive = try await TCPProxyHarness.start(
        Self.config(servers: [("a", ports[0], ""), ("b", ports[1], ""), ("k", ports[2], "backup")]), threads: 1)
      #expect(try Self.greetings(6, port: withActive.port) == "ABABAB")
      try await withActive.stop()
      let allDisabled = try await TCPProxyHarness.start(
        Self.config(
          servers: [("a", ports[0], "disabled"), ("b", ports[1], "disabled"), ("k", ports[2], "backup")]),
        threads: 1)
      #expect(try Self.greetings(4, port: allDisabled.port) == "KKKK")
      try await allDisabled.stop()
    }
  }

  @Test func leastconnPrefersTheServerWithFewerSessions() async throws {
    try await Self.withServers(["A", "B"]) { ports in
      let proxy = try await TCPProxyHarness.start(
        Self.config(servers: [("a", ports[0], ""), ("b", ports[1], "")], extra: "    balance leastconn"), threads: 1)
      // Sessions held open: each new one goes to the server with fewer.
      var held: [BlockingTCPClient] = []
      var picks = ""
      for _ in 0..<4 {
        let client = try BlockingTCPClient(port: proxy.port)
        picks += String(decoding: try client.read(exactly: 1), as: UTF8.self)
        held.append(client)
      }
      #expect(picks.filter { $0 == "A" }.count == 2)
      #expect(picks.filter { $0 == "B" }.count == 2)
      held.removeAll()
      try await proxy.stop()
    }
  }

  @Test func balanceURIIsRefusedInModeTCP() throws {
    let text = Self.config(servers: [("a", 8080, "")], extra: "    balance uri")
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    #expect(loaded.isValid())
    #expect {
      _ = try ServingPlan.build(loaded.configuration)
    } throws: { error in
      let message = (error as? RuntimeError)?.message ?? ""
      return message.contains("backend 'relay'") && message.contains("'balance uri' (haproxy.cfg:8)")
    }
  }
}
