import FulcrumTestSupport
import Testing

/// `leastconn` reads the backend's shared counts, so a request landing on the second event loop
/// sees the request the first loop has in flight: two requests held at once go to two servers.
/// (With counts per loop, each loop would send its first request to the same idle server.)
@Suite(.serialized) struct LeastconnAcrossLoopsTests {
  @Test func theSecondLoopSeesTheFirstLoopsSession() async throws {
    let first = MockResponseGate()
    let second = MockResponseGate()
    try await HTTPProxyFixture.with(
      [.held(first, then: .fixed(body: "a")), .held(second, then: .fixed(body: "b"))], threads: 2,
      config: { HTTPProxyFixture.config(servers: $0, listen: "    balance leastconn") }
    ) { fixture in
      // Consecutive connections are accepted on alternate loops.
      async let one = fixture.client(timeoutSeconds: 10) { client in try client.request(HTTPRequestText.get()).bodyText
      }
      #expect(await Self.holding(1, in: [first, second]))
      async let two = fixture.client(timeoutSeconds: 10) { client in try client.request(HTTPRequestText.get()).bodyText
      }
      #expect(await Self.holding(2, in: [first, second]))
      #expect(first.holding == 1 && second.holding == 1)
      first.open(1)
      second.open(1)
      let bodies = [try await one, try await two].sorted()
      #expect(bodies == ["a", "b"])
    }
  }

  /// Waits (polling, no fixed sleep) until the gates hold `count` requests between them.
  private static func holding(_ count: Int, in gates: [MockResponseGate]) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(10)
    while clock.now < deadline {
      if gates.map(\.holding).reduce(0, +) >= count { return true }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return false
  }
}
