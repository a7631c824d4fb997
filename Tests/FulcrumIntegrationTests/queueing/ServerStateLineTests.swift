import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// A server's DOWN line ends with its live sessions, as HAProxy's does: a request in flight on
/// the server when its check fails is counted (`1 sessions active`), and it still completes.
@Suite(.serialized) struct ServerStateLineTests {
  @Test func aServerGoingDownCountsTheSessionsItServes() async throws {
    let gate = MockResponseGate()
    let checks = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let check = try await MockCheckServer.start(.reply("HTTP/1.0 200 OK\r\n\r\n"), group: checks)
    try await HTTPProxyFixture.with(
      [.held(gate, then: .fixed(body: "done"))],
      config: {
        HTTPProxyFixture.config(
          servers: $0, listen: "    option httpchk",
          serverOptions: "maxconn 1 check port \(check.port) inter 100ms fall 1 rise 1")
      }
    ) { fixture in
      async let first = fixture.client(timeoutSeconds: 10) { client in
        try client.request(HTTPRequestText.get()).bodyText
      }
      #expect(await gate.waitUntilHolding(1))
      check.behaviour = .reset
      let log = fixture.proxy.runtime.healthLog
      let clock = ContinuousClock()
      let deadline = clock.now + .seconds(5)
      while clock.now < deadline, !log.lines.contains(where: { $0.hasPrefix("Server web/s0 is DOWN") }) {
        try await Task.sleep(for: .milliseconds(10))
      }
      let down = log.lines.first { $0.hasPrefix("Server web/s0 is DOWN") }
      #expect(
        down?.hasSuffix("0 active and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue.")
          == true, "\(down ?? "no DOWN line")")
      gate.open(1)
      let body = try await first
      #expect(body == "done")
    }
    try await check.close()
    try await checks.shutdownGracefully()
  }
}
