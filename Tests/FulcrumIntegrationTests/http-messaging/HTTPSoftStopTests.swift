import FulcrumTestSupport
import Testing

/// HAProxy's soft stop for `mode http` (SIGUSR1, a reload's old process): once the listeners
/// are closed, an idle client connection closes at once, a busy one gets its response with
/// `Connection: close` and then closes, and with `option idle-close-on-response` an idle one
/// is served one more request before it closes.
@Suite(.serialized) struct HTTPSoftStopTests {
  static func softStop(_ fixture: HTTPProxyFixture) async {
    await fixture.proxy.runtime.stopListening()
    await fixture.proxy.runtime.softStopSessions()
  }

  @Test func idleConnectionsCloseAtOnce() async throws {
    try await HTTPProxyFixture.with([.fixed()]) { fixture in
      let port = fixture.port
      let (idle, fresh) = try await DedicatedThread.run {
        (try HTTPTestClient(port: port, timeoutSeconds: 5), try HTTPTestClient(port: port, timeoutSeconds: 5))
      }
      defer {
        idle.closeNow()
        fresh.closeNow()
      }
      let status = try await DedicatedThread.run { try idle.request(HTTPRequestText.get()).status }
      #expect(status == 200)
      await Self.softStop(fixture)
      let closed = try await DedicatedThread.run { (idle.waitForClose(), fresh.waitForClose()) }
      #expect(closed == (true, true))
    }
  }

  @Test func aBusyConnectionFinishesItsResponseWithConnectionClose() async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with([.held(gate, then: .fixed(body: "late"))]) { fixture in
      let port = fixture.port
      let client = try await DedicatedThread.run { try HTTPTestClient(port: port, timeoutSeconds: 5) }
      defer { client.closeNow() }
      try await DedicatedThread.run { try client.send(HTTPRequestText.get()) }
      #expect(await gate.waitUntilHolding(1))
      await Self.softStop(fixture)
      gate.open()
      let (response, closed) = try await DedicatedThread.run { (try client.readResponse(), client.waitForClose()) }
      #expect(response.status == 200)
      #expect(response.bodyText == "late")
      #expect(response.header("connection") == "close")
      #expect(closed)
    }
  }

  @Test func idleCloseOnResponseServesOneMoreRequest() async throws {
    let config = { HTTPProxyFixture.config(servers: $0, listen: "    option idle-close-on-response") }
    try await HTTPProxyFixture.with([.fixed()], config: config) { fixture in
      let port = fixture.port
      let client = try await DedicatedThread.run { try HTTPTestClient(port: port, timeoutSeconds: 5) }
      defer { client.closeNow() }
      let first = try await DedicatedThread.run { try client.request(HTTPRequestText.get()) }
      #expect(first.header("connection") == nil)
      await Self.softStop(fixture)
      let (second, closed) = try await DedicatedThread.run {
        (try client.request(HTTPRequestText.get()), client.waitForClose())
      }
      #expect(second.status == 200)
      #expect(second.header("connection") == "close")
      #expect(closed)
    }
  }
}
