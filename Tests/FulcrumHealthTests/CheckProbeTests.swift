import FulcrumHealth
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Probes on real sockets against mock servers on port 0: what they send, how they judge the
/// answer, and that a server that hangs, closes, resets, answers garbage or floods ends the
/// check within its bound.
@Suite(.serialized) struct CheckProbeTests {
  static let group = MultiThreadedEventLoopGroup.singleton

  static func target(
    _ port: Int, bound: TimeAmount = .milliseconds(500), exchange: TimeAmount? = nil, buffer: Int = 16384
  )
    throws -> CheckTarget
  {
    CheckTarget(
      address: try SocketAddress(ipAddress: "127.0.0.1", port: port), connectBound: bound, exchangeBound: exchange,
      bufferLimit: buffer)
  }

  static var http: CheckScript {
    CheckScript(
      kind: .http,
      steps: [
        .connect(CheckConnect()), .send(Array("OPTIONS / HTTP/1.0\r\n\r\n".utf8), number: nil, comment: nil),
        .expect(CheckExpectation(.httpDefault)),
      ], success: CheckOutcome(status: .layer7OK))
  }

  static var connectOnly: CheckScript {
    CheckScript(kind: .connect, steps: [.connect(CheckConnect())], success: CheckOutcome(status: .layer4OK))
  }

  /// Runs `script` against a mock server behaving as `behaviour`.
  static func run(
    _ script: CheckScript, against behaviour: MockCheckServer.Behaviour, bound: TimeAmount = .milliseconds(500),
    buffer: Int = 16384, evaluator: ExpectEvaluator = ExpectEvaluator()
  ) async throws -> (CheckOutcome, MockCheckServer) {
    let server = try await MockCheckServer.start(behaviour, group: group)
    let plan = ProbePlan(
      script: script, target: try target(server.port, bound: bound, buffer: buffer), evaluator: evaluator)
    let outcome = try await plan.run(on: group.next()).get()
    try await server.close()
    return (outcome, server)
  }

  @Test func connectCheckPassesOnLayer4() async throws {
    let (outcome, _) = try await Self.run(Self.connectOnly, against: .silent)
    #expect(outcome.status == .layer4OK)
    #expect(outcome.reason.hasPrefix("reason: Layer4 check passed, check duration: "))
  }

  @Test func refusedConnectionIsALayer4Problem() async throws {
    let refused = RefusedPort()
    let plan = ProbePlan(script: Self.http, target: try Self.target(refused.port))
    let outcome = try await plan.run(on: Self.group.next()).get()
    withExtendedLifetime(refused) {}
    #expect(outcome.status == .layer4ConnectionProblem)
    #expect(outcome.info == "Connection refused")
  }

  @Test func httpCheckSendsTheRequestAndReadsTheStatus() async throws {
    let (ok, server) = try await Self.run(Self.http, against: .reply("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"))
    #expect(ok.status == .layer7OK)
    #expect(ok.code == 200)
    #expect(String(decoding: server.received, as: UTF8.self) == "OPTIONS / HTTP/1.0\r\n\r\n")
    let (wrong, _) = try await Self.run(Self.http, against: .reply("HTTP/1.0 500 X\r\n\r\n"))
    #expect(wrong == CheckOutcome(status: .layer7WrongStatus, code: 500, info: "X", duration: wrong.duration))
  }

  @Test func eachBadServerFailsWithinTheBound() async throws {
    let clock = ContinuousClock()
    let cases: [(MockCheckServer.Behaviour, Set<CheckStatus>)] = [
      (.silent, [.layer7Timeout]),
      // A reset that reaches the client before its connect completes fails the connect.
      (.close, [.layer7InvalidResponse, .socketError, .layer4ConnectionProblem]),
      (.reset, [.socketError, .layer7InvalidResponse, .layer4ConnectionProblem]),
      (.reply("garbage\r\n\r\n"), [.layer7InvalidResponse]),
      (.reply("HTTP/1.1 200 OK\r\n", close: false), [.layer7Timeout]),
      (.flood(10 * 1024 * 1024), [.layer7InvalidResponse]),
    ]
    for (behaviour, statuses) in cases {
      let start = clock.now
      // A bound long enough that a busy machine (the whole suite runs in parallel on two cores)
      // still answers garbage in time, short enough that the silent servers keep the test quick.
      let (outcome, _) = try await Self.run(Self.http, against: behaviour, bound: .seconds(1))
      let elapsed = clock.now - start
      #expect(statuses.contains(outcome.status), "\(behaviour): \(outcome)")
      #expect(elapsed < .seconds(3), "\(behaviour) took \(elapsed)")
      #expect(outcome.duration <= .milliseconds(1_300), "\(behaviour): \(outcome.duration)")
    }
  }

  @Test func aFloodIsReadOnlyUpToTheBuffer() async throws {
    // A string that never comes: the check gives up once its 4 kB buffer is full, long before
    // the 10 MB are sent, and reports the mismatch rather than a timeout.
    let script = CheckScript(
      kind: .tcpCheck,
      steps: [.connect(CheckConnect()), .expect(CheckExpectation(.string(Array("+OK".utf8)), number: 1))],
      success: CheckOutcome(status: .layer7OK, info: "(tcp-check)"))
    let (outcome, _) = try await Self.run(script, against: .flood(10 * 1024 * 1024), bound: .seconds(5), buffer: 4096)
    #expect(outcome.status == .layer7InvalidResponse)
    #expect(outcome.info == "TCPCHK did not match content '+OK' at step 1")
    #expect(outcome.duration < .seconds(1))
  }

  @Test func tcpCheckSequenceAndTimeoutWording() async throws {
    let script = CheckScript(
      kind: .tcpCheck,
      steps: [
        .connect(CheckConnect()), .comment,
        .expect(CheckExpectation(.string(Array("+PONG".utf8)), number: 2, comment: "hello there")),
      ],
      success: CheckOutcome(status: .layer7OK, info: "(tcp-check)"))
    let (passed, _) = try await Self.run(script, against: .greet("+PONG\r\n"))
    #expect(passed.status == .layer7OK)
    #expect(passed.info == "(tcp-check)")
    // haproxy 2.6: "Layer7 timeout, info: " at step 2 of tcp-check (expect string '+PONG')
    // comment: 'hello there'"".
    let (timedOut, _) = try await Self.run(script, against: .greet("-ERR\r\n", close: false), bound: .milliseconds(200))
    #expect(timedOut.status == .layer7Timeout)
    #expect(timedOut.info == " at step 2 of tcp-check (expect string '+PONG') comment: 'hello there'")
  }

  @Test func tcpCheckConnectFailureNamesTheStep() async throws {
    let refused = RefusedPort()
    let port = refused.port
    let script = CheckScript(
      kind: .tcpCheck, steps: [.connect(CheckConnect(port: port, number: 1))],
      success: CheckOutcome(status: .layer4OK))
    let server = try await MockCheckServer.start(.silent, group: Self.group)
    let outcome = try await ProbePlan(script: script, target: try Self.target(server.port)).run(on: Self.group.next())
      .get()
    try await server.close()
    withExtendedLifetime(refused) {}
    #expect(outcome.status == .layer4ConnectionProblem)
    #expect(outcome.info == "Connection refused at step 1 of tcp-check (connect port \(port))")
  }

  @Test func agentReplies() async throws {
    let script = CheckScript(
      kind: .agent,
      steps: [
        .connect(CheckConnect()), .send(Array("hello\n".utf8), number: nil, comment: nil),
        .expect(CheckExpectation(.agentReply)),
      ], success: CheckOutcome(status: .layer4OK))
    let (drain, server) = try await Self.run(script, against: .reply("drain 50%\n"))
    #expect(drain.agentReply == AgentReply(admin: .drain, weightPercent: 50))
    #expect(String(decoding: server.received, as: UTF8.self) == "hello\n")
    let (down, _) = try await Self.run(script, against: .greet("down #disk\n"))
    #expect(down.status == .layer7WrongStatus)
    #expect(down.info == "via agent : down (disk)")
    let (none, _) = try await Self.run(script, against: .greet("up"))
    #expect(none.agentReply == nil)
    #expect(none.status.carriesData == false)
  }

  @Test func presetAgainstAScriptedServer() async throws {
    let script = CheckScript(
      kind: .tcpCheck,
      steps: [
        .connect(CheckConnect()), .send(Array("*1\r\n$4\r\nPING\r\n".utf8), number: nil, comment: nil),
        .expect(CheckExpectation(.preset(.redisPong))),
      ], success: CheckOutcome(status: .layer7OK))
    let (outcome, server) = try await Self.run(script, against: .reply("+PONG\r\n"))
    #expect(outcome.status == .layer7OK)
    #expect(outcome.info == "Redis server is ok")
    #expect(String(decoding: server.received, as: UTF8.self) == "*1\r\n$4\r\nPING\r\n")
  }

  /// As HAProxy 2.6: a check closes its connection with a reset, so the checker keeps no
  /// TIME_WAIT socket per check; `connect linger` closes it with a FIN.
  @Test func aCheckEndsWithAResetUnlessItsConnectLingers() async throws {
    for linger in [false, true] {
      let server = try await MockCheckServer.start(.reply("HTTP/1.0 200 OK\r\n\r\n", close: false), group: Self.group)
      let script = CheckScript(
        kind: .http,
        steps: [
          .connect(CheckConnect(linger: linger)),
          .send(Array("OPTIONS / HTTP/1.0\r\n\r\n".utf8), number: nil, comment: nil),
          .expect(CheckExpectation(.httpDefault)),
        ], success: CheckOutcome(status: .layer7OK))
      let outcome = try await ProbePlan(script: script, target: try Self.target(server.port)).run(on: Self.group.next())
        .get()
      #expect(outcome.status == .layer7OK)
      #expect(try await server.peerEndings(count: 1) == [linger ? .finished : .reset], "linger: \(linger)")
      try await server.close()
    }
    // A plain connect check resets as soon as it is connected.
    let (outcome, server) = try await Self.run(Self.connectOnly, against: .silent)
    #expect(outcome.status == .layer4OK)
    #expect(try await server.peerEndings(count: 1) == [.reset])
  }
}
