import FulcrumBalancing
import FulcrumConfig
import FulcrumCore
import FulcrumRuntime
import FulcrumTestSupport
import NIOPosix
import Testing

/// How a backend's `balance`, `hash-type` and server options become the balancing module's
/// values, what `mode tcp` refuses, and the per-loop selector the data plane calls.
@Suite struct BackendBalancingTests {
  func load(_ text: String) -> ConfigLoadResult {
    ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
  }

  func balancing(_ backend: String) throws -> BackendBalancing {
    let loaded = load(Self.head + backend)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    return try #require(try ServingPlan.build(loaded.configuration).frontends.first).balancing
  }

  static let head = """
    \(TCPProxyHarness.defaults("tcp"))
    listen l
        bind 127.0.0.1:9000

    """

  @Test func roundRobinIsTheDefault() throws {
    let built = try balancing("    server a 192.0.2.1:80\n")
    #expect(built.choice == .roundRobin)
    #expect(built.members == [ServerPool.Member()])
    #expect(built.hash == HashSettings())
    #expect(!built.allBackups)
  }

  @Test func serversMapInDeclarationOrder() throws {
    let built = try balancing(
      """
          balance leastconn
          option allbackups
          default-server weight 3
          server a 192.0.2.1:80
          server b 192.0.2.2:80 weight 0 id 7
          server c 192.0.2.3:80 backup slowstart 10s
          server d 192.0.2.4:80 disabled weight 256

      """)
    #expect(built.choice == .leastConnections)
    #expect(built.allBackups)
    #expect(
      built.members == [
        ServerPool.Member(weight: 3),
        ServerPool.Member(weight: 0, identifier: 7),
        ServerPool.Member(weight: 3, isBackup: true, slowstart: .seconds(10)),
        ServerPool.Member(weight: 256, isInitiallyUp: false),
      ])
  }

  @Test func algorithmsAndHashSettings() throws {
    #expect(try balancing("    balance static-rr\n    server a 192.0.2.1:80\n").choice == .staticRoundRobin)
    #expect(try balancing("    balance first\n    server a 192.0.2.1:80\n").choice == .first)
    #expect(try balancing("    balance random(3)\n    server a 192.0.2.1:80\n").choice == .random(draws: 3))
    let source = try balancing(
      "    balance source\n    hash-type consistent djb2\n    hash-balance-factor 150\n    server a 192.0.2.1:80\n")
    #expect(source.choice == .hash(.sourceAddress))
    #expect(source.hash == HashSettings(method: .consistent, function: .djb2, balanceFactor: 150))
    // Without a function: sdbm, and avalanche for consistent, as HAProxy does.
    let plain = try balancing("    balance source\n    hash-type consistent\n    server a 192.0.2.1:80\n")
    #expect(plain.hash == HashSettings(method: .consistent))
    #expect(plain.hash.avalanche)
  }

  @Test func httpAndPayloadKeyedAlgorithmsAreRefusedInModeTCP() {
    let cases: [(String, String)] = [
      ("balance uri", "'balance uri' (haproxy.cfg:8)"),
      ("balance url_param id", "'balance url_param'"),
      ("balance hdr(Host)", "'balance hdr'"),
      ("balance rdp-cookie", "'balance rdp-cookie'"),
    ]
    for (line, expected) in cases {
      let loaded = load(Self.head + "    \(line)\n    server a 192.0.2.1:80\n")
      #expect(loaded.isValid())
      #expect {
        _ = try ServingPlan.build(loaded.configuration)
      } throws: { error in
        let message = (error as? RuntimeError)?.message ?? ""
        return message.contains("backend 'l'") && message.contains(expected) && message.contains("round robin")
      }
    }
  }

  @Test func keywordsActedOnNoLongerWarn() {
    let loaded = load(
      Self.head + """
            balance source
            hash-type consistent
            hash-balance-factor 150
            option allbackups
            server a 192.0.2.1:80 weight 2 id 3 backup disabled
            server b 192.0.2.2:80 enabled no-backup slowstart 5s check maxconn 10 minconn 2 maxqueue 4
            fullconn 100
            timeout queue 5s

        """)
    let warnings = loaded.diagnostics.warnings.map(\.message).joined(separator: "\n")
    for word in [
      "'balance'", "'hash-type'", "'hash-balance-factor'", "allbackups", "'weight'", "'id'", "'backup'", "slowstart",
      "check", "maxconn", "minconn", "maxqueue", "fullconn", "timeout queue",
    ] {
      #expect(!warnings.contains(word), "\(word): \(warnings)")
    }
    let pending = load(
      Self.head
        + "    balance rdp-cookie\n    server a 192.0.2.1:80 resolve-prefer ipv4 check observe layer4 on-error mark-down\n"
    )
    let notes = pending.diagnostics.warnings.map(\.message).joined(separator: "\n")
    // `balance uri`, `url_param` and `hdr` act in mode http; rdp-cookie waits for the rules.
    #expect(notes.contains("rdp-cookie"))
    #expect(notes.contains("resolve-prefer"))
    #expect(!notes.contains("observe"))
    #expect(!notes.contains("on-error"))
  }

  @Test func weightedRoundRobinSelector() throws {
    let built = try balancing("    server a 192.0.2.1:80 weight 1\n    server b 192.0.2.2:80 weight 2\n")
    let selector = built.makeSelector(loop: MultiThreadedEventLoopGroup.singleton.next())
    var picks: [Int] = []
    for _ in 0..<30 {
      picks.append(try #require(selector.selectServer(client: .none, excluding: nil)))
    }
    #expect(picks.filter { $0 == 0 }.count == 10)
    #expect(picks.filter { $0 == 1 }.count == 20)
    // The same interleaving as the algorithm alone (checked against HAProxy's picks).
    var algorithm = built.makeAlgorithm()
    #expect(picks == (0..<30).map { _ in algorithm.pick()!.value })
    // Redispatch avoids the server that failed.
    #expect(selector.selectServer(client: .none, excluding: 1) == 0)
  }

  @Test func leastconnFollowsTheReportedConnections() throws {
    let selector = try balancing(
      "    balance leastconn\n    server a 192.0.2.1:80\n    server b 192.0.2.2:80\n"
    ).makeSelector(loop: MultiThreadedEventLoopGroup.singleton.next())
    let waiter = UnqueuedWaiter()
    func take() -> Int? {
      guard
        case .server(let index) = selector.assignServer(
          client: .none, requestKey: Span(), excluding: nil, waiter: waiter)
      else { return nil }
      return index
    }
    let first = try #require(take())
    let second = try #require(take())
    #expect(second != first)
    selector.connectionEnded(on: first)
    #expect(take() == first)
    selector.connectionEnded(on: second)
    #expect(selector.selectServer(client: .none, excluding: nil) == second)
  }

  @Test func sourceKeepsAClientOnOneServer() throws {
    let selector = try balancing(
      "    balance source\n    server a 192.0.2.1:80\n    server b 192.0.2.2:80\n    server c 192.0.2.3:80\n"
    ).makeSelector(loop: MultiThreadedEventLoopGroup.singleton.next())
    var seen: Set<Int> = []
    for last in UInt32(1)...UInt32(40) {
      let client = ClientAddressBytes(ipv4: 0x0A00_0000 | last)
      let picked = selector.selectServer(client: client, excluding: nil)
      for _ in 0..<3 { #expect(selector.selectServer(client: client, excluding: nil) == picked) }
      if let picked { seen.insert(picked) }
    }
    #expect(seen == [0, 1, 2])
    let ipv6 = ClientAddressBytes(ipv6: { UInt8($0) })
    #expect(ipv6.bytes == Array(0..<16))
    #expect(ClientAddressBytes(ipv4: 0x7F00_0001).bytes == [127, 0, 0, 1])
  }

  @Test func backupsServeOnlyWhenNoActiveIsUsable() throws {
    let withActive = try balancing("    server a 192.0.2.1:80\n    server b 192.0.2.2:80 backup\n").makeSelector(
      loop: MultiThreadedEventLoopGroup.singleton.next())
    for _ in 0..<4 { #expect(withActive.selectServer(client: .none, excluding: nil) == 0) }
    let allDisabled = try balancing(
      "    server a 192.0.2.1:80 disabled\n    server b 192.0.2.2:80 backup\n    server c 192.0.2.3:80 backup\n"
    ).makeSelector(loop: MultiThreadedEventLoopGroup.singleton.next())
    for _ in 0..<4 { #expect(allDisabled.selectServer(client: .none, excluding: nil) == 1) }
    let none = try balancing("    server a 192.0.2.1:80 disabled\n").makeSelector(
      loop: MultiThreadedEventLoopGroup.singleton.next())
    #expect(none.selectServer(client: .none, excluding: nil) == nil)
  }
}

/// A waiter for selectors that never queue (no `maxconn`): being called is a test failure.
private final class UnqueuedWaiter: ServerQueueWaiter {
  func queueGranted(server: Int, ticket: any ServerQueueTicket) { Issue.record("unexpected grant") }
  func queueRedispatched(ticket: any ServerQueueTicket) { Issue.record("unexpected redispatch") }
}
