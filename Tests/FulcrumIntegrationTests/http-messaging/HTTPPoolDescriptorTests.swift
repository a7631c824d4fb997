import FulcrumTestSupport
import Testing

/// HAProxy's `tune.pool-low-fd-ratio`: once client and server connections use 20% of the
/// descriptors `maxconn` implies, a server connection whose exchange ended is closed instead of
/// pooled. With `maxconn 5` (10 descriptors, pooling below 2) one client and its server
/// connection already reach it; with the default they do not.
@Suite(.serialized) struct HTTPPoolDescriptorTests {
  private static func serverConnections(global: String) async throws -> Int {
    var accepted = 0
    try await HTTPProxyFixture.with(
      [.fixed()], config: { HTTPProxyFixture.config(servers: $0, global: global) }
    ) { fixture in
      let statuses = try await fixture.client { client in
        try (1...3).map { _ in try client.request(HTTPRequestText.get()).status }
      }
      #expect(statuses == [200, 200, 200])
      accepted = fixture.servers[0].acceptedConnections
    }
    return accepted
  }

  @Test func aLoadedProcessClosesServerConnectionsInsteadOfPoolingThem() async throws {
    #expect(try await Self.serverConnections(global: "    maxconn 5") == 3)
  }

  @Test func belowTheRatioServerConnectionsArePooled() async throws {
    #expect(try await Self.serverConnections(global: "    maxconn 1000") == 1)
  }
}
