import FulcrumConfig
import FulcrumHealth
import FulcrumTestSupport
import NIOCore
import Testing

/// Configuration to check plan: the requests and scripts HAProxy 2.6 would run (request bytes
/// recorded from haproxy 2.6 on the wire), the time bounds, and what is refused.
@Suite struct HealthPlanBuilderTests {
  static func plan(
    _ backendLines: String, global: String = "", proxyHeaderEncoder: CheckProxyHeader.Encoder? = nil
  ) throws -> BackendHealthPlan {
    let text = """
      global
      \(global)
      defaults
          mode tcp
          timeout connect 1s
          timeout client 5s
          timeout server 5s
      backend be
      \(backendLines)

      """
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    let backend = try #require(loaded.configuration.backend(named: "be"))
    var builder = HealthPlanBuilder(backend: backend, global: loaded.configuration.global)
    builder.proxyHeaderEncoder = proxyHeaderEncoder
    return try builder.build()
  }

  static func refusal(_ backendLines: String) -> String {
    do {
      _ = try plan(backendLines)
      return ""
    } catch let error as HealthPlanError {
      return error.message
    } catch {
      return "\(error)"
    }
  }

  static func sent(_ script: CheckScript) -> [String] {
    script.steps.compactMap { step in
      if case .send(let bytes, _, _) = step { String(decoding: bytes, as: UTF8.self) } else { nil }
    }
  }

  @Test func plainCheckConnectsAndUsesHAProxysDefaults() throws {
    let plan = try Self.plan("    server s1 127.0.0.1:8080 check\n    server s2 127.0.0.1:8081")
    let server = try #require(plan.servers.first)
    #expect(server.state.rise == 2)
    #expect(server.state.fall == 3)
    #expect(server.state.interval == .seconds(2))
    let probe = try #require(server.healthCheck)
    #expect(probe.script.steps == [.connect(CheckConnect())])
    #expect(probe.target.address.port == 8080)
    // Without `timeout check`, the whole check is bounded by `inter`.
    #expect(probe.target.connectBound == .seconds(2))
    #expect(probe.target.exchangeBound == nil)
    #expect(probe.target.bufferLimit == 16384)
    #expect(plan.servers[1].healthCheck == nil)
    #expect(plan.servers[1].isChecked == false)
  }

  @Test func timeoutCheckBoundsTheExchangeAndConnectIsTheSmallerOfConnectAndInter() throws {
    let plan = try Self.plan(
      "    timeout check 300ms\n    server s1 127.0.0.1:8080 check inter 800 port 9000 addr 127.0.0.2",
      global: "    tune.bufsize 4096")
    let target = try #require(plan.servers[0].healthCheck?.target)
    #expect(target.connectBound == .milliseconds(800))
    #expect(target.exchangeBound == .milliseconds(300))
    #expect(target.address.port == 9000)
    #expect(target.address.ipAddress == "127.0.0.2")
    #expect(target.bufferLimit == 4096)
  }

  @Test func httpchkDefaultRequest() throws {
    let plan = try Self.plan("    option httpchk\n    server s1 127.0.0.1:8080 check")
    let script = try #require(plan.servers[0].healthCheck?.script)
    #expect(Self.sent(script) == ["OPTIONS / HTTP/1.0\r\n\r\n"])
    #expect(script.steps.last == .expect(CheckExpectation(.httpDefault)))
  }

  @Test func httpchkLegacyHostHeader() throws {
    // haproxy 2.6 sends "GET /x HTTP/1.0\r\nhost: foo\r\n\r\n".
    let plan = try Self.plan("    option httpchk GET /x HTTP/1.0\\r\\nHost:\\ foo\n    server s1 127.0.0.1:8080 check")
    #expect(Self.sent(try #require(plan.servers[0].healthCheck?.script)) == ["GET /x HTTP/1.0\r\nhost: foo\r\n\r\n"])
  }

  @Test func httpCheckSendAddsHeadersBodyAndConnectionClose() throws {
    // haproxy 2.6 sends exactly this for HEAD /y HTTP/1.1 with hdr Host, hdr X-A and a body.
    let plan = try Self.plan(
      """
          option httpchk HEAD /y HTTP/1.1
          http-check send hdr Host www.example.com hdr X-A b body hello
          server s1 127.0.0.1:8080 check
      """)
    let probe = try #require(plan.servers[0].healthCheck)
    #expect(
      Self.sent(probe.script) == [
        "HEAD /y HTTP/1.1\r\nhost: www.example.com\r\nx-a: b\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello"
      ])
    #expect(probe.evaluator.headRequest)
  }

  @Test func httpCheckExpectsAndDisableOn404() throws {
    let plan = try Self.plan(
      """
          option httpchk
          http-check connect
          http-check send meth GET uri /status ver HTTP/1.1 hdr Host orders.internal
          http-check expect status 200-299,302
          http-check expect ! rstring ^error
          http-check disable-on-404
          server s1 127.0.0.1:8080 check
      """)
    let probe = try #require(plan.servers[0].healthCheck)
    #expect(probe.evaluator.disableOn404)
    let expects = probe.script.steps.compactMap { step -> CheckExpectation.Pattern? in
      if case .expect(let expectation) = step { expectation.pattern } else { nil }
    }
    #expect(expects == [.httpStatus([200...299, 302...302]), .httpBodyRegex("^error")])
    #expect(probe.script.steps.first == .connect(CheckConnect(number: 1, usesServerSettings: false)))
  }

  @Test func tcpCheckRulesNumberedAsHAProxyNumbersThem() throws {
    let plan = try Self.plan(
      """
          option tcp-check
          tcp-check comment hello
          tcp-check send PING\\r\\n
          tcp-check send-binary 50494e470d0a
          tcp-check expect min-recv 5 string +PONG
          server s1 127.0.0.1:6379 check
      """)
    let script = try #require(plan.servers[0].healthCheck?.script)
    var expectation = CheckExpectation(.string(Array("+PONG".utf8)), number: 4)
    expectation.minimumReceived = 5
    #expect(
      script.steps == [
        .connect(CheckConnect()), .comment, .send(Array("PING\r\n".utf8), number: 2, comment: "hello"),
        .send(Array("PING\r\n".utf8), number: 3, comment: nil), .expect(expectation),
      ])
    #expect(script.success == CheckOutcome(status: .layer7OK, info: "(tcp-check)"))
  }

  @Test func presetsSendWhatHAProxySends() throws {
    func sent(_ option: String) throws -> [[UInt8]] {
      let script = try #require(
        try Self.plan("    \(option)\n    server s1 127.0.0.1:1 check").servers[0].healthCheck?.script)
      return script.steps.compactMap { if case .send(let bytes, _, _) = $0 { bytes } else { nil } }
    }
    #expect(try sent("option redis-check") == [Array("*1\r\n$4\r\nPING\r\n".utf8)])
    #expect(
      try sent("option smtpchk EHLO example.org") == [Array("EHLO example.org\r\n".utf8), Array("QUIT\r\n".utf8)])
    #expect(try sent("option smtpchk") == [Array("HELO localhost\r\n".utf8), Array("QUIT\r\n".utf8)])
    #expect(try sent("option pgsql-check user bob") == [[0, 0, 0, 0x12, 0, 3, 0, 0] + Array("user\0bob\0\0".utf8)])
    let post41: [UInt8] =
      [0x25, 0, 0, 1, 0x00, 0x82, 0, 0, 0, 0, 0, 1, 0x21] + [UInt8](repeating: 0, count: 23) + Array("bob\0\0".utf8)
      + [1, 0, 0, 0, 1]
    #expect(try sent("option mysql-check user bob") == [post41])
    #expect(
      try sent("option mysql-check user bob pre-41")
        == [[0x0A, 0, 0, 1, 0x00, 0x80, 0, 0, 1] + Array("bob\0\0".utf8) + [1, 0, 0, 0, 1]])
    #expect(try sent("option mysql-check") == [])
    #expect(
      try sent("option ldap-check") == [
        [0x30, 0x0C, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00]
      ])
    let hello = try #require(try sent("option ssl-hello-chk").first)
    #expect(hello.count == 126)
    #expect(Array(hello.prefix(11)) == [0x16, 0x03, 0x00, 0x00, 0x79, 0x01, 0x00, 0x00, 0x75, 0x03, 0x00])
    #expect(String(decoding: hello[15..<43], as: UTF8.self) == "HAPROXYSSLCHK\nHAPROXYSSLCHK\n")
    #expect(Array(hello.suffix(4)) == [0x00, 0x3A, 0x01, 0x00])
  }

  @Test func agentCheck() throws {
    let plan = try Self.plan(
      "    server s1 127.0.0.1:8080 check agent-check agent-port 9999 agent-inter 5s agent-send \"status\\n\" weight 100"
    )
    let server = plan.servers[0]
    #expect(server.state.agent)
    #expect(server.state.agentInterval == .seconds(5))
    #expect(server.state.weight == 100)
    let agent = try #require(server.agent)
    #expect(agent.target.address.port == 9999)
    #expect(agent.target.connectBound == .seconds(5))
    #expect(
      agent.script.steps == [
        .connect(CheckConnect()), .send(Array("status\n".utf8), number: nil, comment: nil),
        .expect(CheckExpectation(.agentReply)),
      ])
  }

  @Test func proxyHeadersFollowHAProxysRules() throws {
    func probe(_ lines: String) throws -> ProbePlan? {
      try Self.plan(lines, proxyHeaderEncoder: { _, _, _ in ByteBuffer() }).servers[0].healthCheck
    }
    func header(_ lines: String) throws -> CheckProxyHeader? { try probe(lines)?.target.proxyHeader }
    // haproxy 2.6 on the wire: check-send-proxy always, send-proxy[-v2] unless port/addr move
    // the check, version 2 with send-proxy-v2.
    #expect(try header("    server s1 127.0.0.1:1 check check-send-proxy")?.version == .v1)
    #expect(try header("    server s1 127.0.0.1:1 check send-proxy-v2")?.version == .v2)
    #expect(try header("    server s1 127.0.0.1:1 check send-proxy-v2")?.onServerConnects == true)
    #expect(try header("    server s1 127.0.0.1:1 check send-proxy port 2") == nil)
    #expect(try header("    server s1 127.0.0.1:1 check send-proxy addr 127.0.0.2") == nil)
    #expect(try header("    server s1 127.0.0.1:1 check check-send-proxy send-proxy-v2 port 2")?.version == .v2)
    #expect(try header("    server s1 127.0.0.1:1 check") == nil)
    // A 'connect send-proxy' rule sends one whatever the server says; plain connect rules
    // do not take the server's settings, 'connect default' does.
    let rule = try header(
      "    option tcp-check\n    tcp-check connect port 2 send-proxy\n    server s1 127.0.0.1:1 check send-proxy-v2 port 3"
    )
    #expect(rule?.version == .v2)
    #expect(rule?.onServerConnects == false)
    let steps = try probe(
      "    option tcp-check\n    tcp-check connect default\n    tcp-check connect port 2 send-proxy\n    tcp-check connect port 3\n    server s1 127.0.0.1:1 check"
    )
    #expect(
      steps?.script.steps == [
        .connect(CheckConnect(number: 1, usesServerSettings: true)),
        .connect(CheckConnect(port: 2, number: 2, usesServerSettings: false, sendProxy: true)),
        .connect(CheckConnect(port: 3, number: 3, usesServerSettings: false)),
      ])
  }

  @Test func refusals() {
    #expect(Self.refusal("    server s1 127.0.0.1:1 check check-ssl").contains("'check-ssl'"))
    // Without an encoder (the runtime gives one), a check that must send a PROXY header is refused.
    #expect(Self.refusal("    server s1 127.0.0.1:1 check check-send-proxy").contains("PROXY protocol header"))
    #expect(Self.refusal("    server s1 127.0.0.1:1 check send-proxy").contains("PROXY protocol header"))
    #expect(Self.refusal("    server s1 127.0.0.1:1 check send-proxy port 81") == "")
    #expect(Self.refusal("    server s1 127.0.0.1:1 check ssl").contains("'ssl'"))
    #expect(Self.refusal("    server s1 127.0.0.1 check").contains("'port'"))
    #expect(Self.refusal("    server s1 127.0.0.1:1 agent-check").contains("'agent-port'"))
    #expect(
      Self.refusal("    option httpchk\n    http-check expect hdr name-lf x\n    server s1 127.0.0.1:1 check")
        .contains("'name-lf' takes a log-format string"))
    #expect(
      Self.refusal("    option httpchk\n    http-check expect hdr value x\n    server s1 127.0.0.1:1 check")
        .contains("'hdr' needs 'name'"))
    #expect(
      Self.refusal("    option httpchk\n    http-check expect fhdr name -m any x\n    server s1 127.0.0.1:1 check")
        .contains("'-m' needs a matching method"))
    #expect(
      Self.refusal("    option httpchk\n    http-check expect hdr name x value\n    server s1 127.0.0.1:1 check")
        .contains("'value' needs a pattern"))
    #expect(
      Self.refusal("    option tcp-check\n    tcp-check send-lf %[src]\n    server s1 127.0.0.1:1 check")
        .contains("log-format"))
    #expect(
      Self.refusal("    option tcp-check\n    tcp-check expect rstring (\n    server s1 127.0.0.1:1 check")
        .contains("not a valid regular expression"))
    #expect(
      Self.refusal("    option tcp-check\n    tcp-check connect port 1 ssl\n    server s1 127.0.0.1:1 check")
        .contains("'ssl'"))
    #expect(
      Self.refusal("    tcp-check expect string +OK\n    server s1 127.0.0.1:1 check").contains("'option tcp-check'"))
    // Rules are only compiled for a backend with checked servers.
    #expect(Self.refusal("    option tcp-check\n    tcp-check send-lf %[src]\n    server s1 127.0.0.1:1") == "")
  }

  /// `connect linger` and the presets HAProxy 2.6 declares with it close cleanly; every other
  /// check connection ends with a reset.
  @Test func lingerComesFromTheConnectRuleOrThePreset() throws {
    func lingers(_ lines: String) throws -> [Bool] {
      let probe = try #require(try Self.plan(lines + "\n    server s1 127.0.0.1:1 check").servers.first?.healthCheck)
      return probe.script.steps.compactMap { step in
        if case .connect(let connect) = step { connect.linger } else { nil }
      }
    }
    let rules = "    option tcp-check\n    tcp-check connect port 2 linger\n    tcp-check connect"
    #expect(try lingers(rules) == [true, false])
    #expect(try lingers("    option tcp-check\n    tcp-check send PING\\r\\n") == [false])
    #expect(try lingers("    option httpchk") == [false])
    #expect(try lingers("") == [false])
    #expect(try lingers("    option smtpchk") == [true])
    #expect(try lingers("    option pgsql-check user bob") == [true])
    #expect(try lingers("    option mysql-check user bob") == [true])
    #expect(try lingers("    option mysql-check") == [true])
    #expect(try lingers("    option redis-check") == [false])
    #expect(try lingers("    option ldap-check") == [false])
    #expect(try lingers("    option ssl-hello-chk") == [false])
  }

  @Test func headerExpectations() throws {
    func expectation(_ line: String) throws -> CheckExpectation? {
      let probe = try #require(
        try Self.plan("    option httpchk\n    http-check expect \(line)\n    server s1 127.0.0.1:1 check").servers
          .first?.healthCheck)
      return probe.script.steps.compactMap { step in
        if case .expect(let expectation) = step { expectation } else { nil }
      }.first
    }
    #expect(
      try expectation("hdr name \"set-cookie\" value -m beg \"sessid=\"")?.pattern
        == .httpHeader(HTTPCheckHeaderMatch(name: "set-cookie", value: "sessid=", valueMethod: .beg)))
    #expect(
      try expectation("! fhdr name -m reg ^x- value -m sub ok")
        == CheckExpectation(
          .httpHeader(
            HTTPCheckHeaderMatch(name: "^x-", nameMethod: .reg, value: "ok", valueMethod: .sub, fullValue: true)),
          negated: true, number: 1))
    #expect(try expectation("hdr name server")?.pattern == .httpHeader(HTTPCheckHeaderMatch(name: "server")))
  }
}
