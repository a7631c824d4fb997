import FulcrumHealth
import Testing

/// `http-check send-state`: the field HAProxy 2.6 adds to HTTP checks, where it goes in the
/// request, and who the server is in it.
@Suite struct ServerStateHeaderTests {
  @Test func theFieldReadsAsHAProxyWritesIt() {
    let identity = ServerStateIdentity(address: "192.0.2.10", port: "8080", name: "bck/srv2", node: "lb1")
    var header = ServerStateHeader(
      status: "UP 2/3", identity: identity,
      figures: ServerLoadFigures(sessions: 13, backendSessions: 22, queued: 0, weight: 1, totalWeight: 2))
    #expect(
      header.value
        == "UP 2/3; address=192.0.2.10; port=8080; name=bck/srv2; node=lb1; weight=1/2; scur=13/22; qcur=0")
    // While it warms up (slowstart), at least 1%.
    header.figures.warmup = 0
    #expect(header.value.hasSuffix("; qcur=0; throttle=1%"))
    header.figures.warmup = 40
    #expect(header.value.hasSuffix("; throttle=40%"))
    #expect(String(decoding: header.line, as: UTF8.self) == "x-haproxy-server-state: \(header.value)\r\n")
  }

  @Test func theStateIsWordedAsHAProxyWordsIt() {
    var settings = CheckStateMachine.Settings()
    settings.rise = 2
    settings.fall = 3
    var machine = CheckStateMachine(settings: settings)
    // A server starts one failure from going down.
    #expect(machine.reportedState == "UP 1/3")
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7OK))
    #expect(machine.reportedState == "UP")
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7WrongStatus))
    #expect(machine.reportedState == "UP 2/3")
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7WrongStatus))
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7WrongStatus))
    #expect(machine.reportedState == "DOWN")
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7OK))
    #expect(machine.reportedState == "DOWN 1/2")
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7OK))
    #expect(machine.reportedState == "UP")
    // disable-on-404: NOLB.
    _ = machine.healthCheckCompleted(CheckOutcome(status: .layer7ConditionallyOK))
    #expect(machine.reportedState == "NOLB")
  }

  @Test func theStateLineGoesBetweenTheRequestsFieldsAndConnectionClose() throws {
    let plan = try HealthPlanBuilderTests.plan(
      """
          option httpchk GET /health HTTP/1.1
          http-check send-state
          http-check send hdr x-a 1 body hi
          server s1 127.0.0.1:8080 check
          server s2 /run/app.sock check
          server s3 127.0.0.1:+1000 check port 81
      """, global: "    node lb1")
    let probe = try #require(plan.servers[0].healthCheck)
    var machine = CheckScriptMachine(
      script: probe.script, bufferLimit: 16384, serverStateLine: Array("x-haproxy-server-state: UP\r\n".utf8))
    #expect(machine.start() == .connect(CheckConnect()))
    #expect(
      machine.proceed()
        == .write(
          Array(
            "GET /health HTTP/1.1\r\nx-a: 1\r\nx-haproxy-server-state: UP\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi"
              .utf8)))
    #expect(
      plan.servers.map(\.stateIdentity) == [
        ServerStateIdentity(address: "127.0.0.1", port: "8080", name: "be/s1", node: "lb1"),
        ServerStateIdentity(address: "unix", port: "", name: "be/s2", node: "lb1"),
        ServerStateIdentity(address: "127.0.0.1", port: "1000", name: "be/s3", node: "lb1"),
      ])
  }

  @Test func withoutSendStateNothingIsAdded() throws {
    let plan = try HealthPlanBuilderTests.plan(
      """
          option httpchk GET /health
          server s1 127.0.0.1:8080 check
      """)
    #expect(plan.servers[0].stateIdentity == nil)
    #expect(plan.servers[0].healthCheck?.script.steps.contains(where: \.sendsServerState) == false)
  }
}
