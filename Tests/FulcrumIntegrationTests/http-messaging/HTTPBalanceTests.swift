import FulcrumTestSupport
import Testing

/// The `balance` algorithms that hash part of the request, end to end: each mock answers with its
/// name, and every request with the same key must reach the same server, on one connection or
/// many; different keys spread over both. Also a `mode http` listener on `[::1]`.
@Suite(.serialized) struct HTTPBalanceTests {
  /// Sends every request twice on one connection, then once more each on a new connection, and
  /// returns the answering server per key.
  static func serversPerKey(
    _ fixture: HTTPProxyFixture, requests: [(key: String, text: String)]
  ) async throws
    -> [String: Set<String>]
  {
    let first = try await fixture.client { client in
      try (requests + requests).map { ($0.key, try client.request($0.text).bodyText) }
    }
    var seen = Dictionary(grouping: first, by: \.0).mapValues { Set($0.map(\.1)) }
    for request in requests {
      let text = request.text
      let answer = try await fixture.client { try $0.request(text).bodyText }
      seen[request.key, default: []].insert(answer)
    }
    return seen
  }

  static func config(_ balance: String) -> ([Int]) -> String {
    { HTTPProxyFixture.config(servers: $0, listen: "    balance \(balance)") }
  }

  static let keys = (1...8).map { "k\($0)" }

  @Test func uriKeepsOnePathOnOneServer() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "A"), .fixed(body: "B")], config: Self.config("uri")) { fixture in
      let seen = try await Self.serversPerKey(
        fixture, requests: Self.keys.map { ($0, HTTPRequestText.get("/\($0)")) })
      #expect(seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
      #expect(Set(seen.values.flatMap { $0 }) == ["A", "B"], "\(seen)")
    }
  }

  @Test func headerKeepsOneValueOnOneServer() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "A"), .fixed(body: "B")], config: Self.config("hdr(X-Key)")) {
      fixture in
      // The path changes with each request; only the header decides.
      let seen = try await Self.serversPerKey(
        fixture,
        requests: Self.keys.enumerated().map { ($1, HTTPRequestText.get("/\($0)", "X-Key: \($1)\r\n")) })
      #expect(seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
      #expect(Set(seen.values.flatMap { $0 }) == ["A", "B"], "\(seen)")
    }
  }

  @Test func urlParameterKeepsOneValueOnOneServer() async throws {
    try await HTTPProxyFixture.with([.fixed(body: "A"), .fixed(body: "B")], config: Self.config("url_param id")) {
      fixture in
      // Other parameters and the path vary; `id` decides.
      let seen = try await Self.serversPerKey(
        fixture,
        requests: Self.keys.enumerated().flatMap { index, key in
          [
            (key, HTTPRequestText.get("/p\(index)?id=\(key)")),
            (key, HTTPRequestText.get("/q?x=\(index)&id=\(key)&y=1")),
          ]
        })
      #expect(seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
      #expect(Set(seen.values.flatMap { $0 }) == ["A", "B"], "\(seen)")
    }
  }

  /// `check_post`: a POST whose query has no `id` is balanced on the `id` of its urlencoded
  /// body, to the same server a GET with that `id` in its query goes to; the body reaches the
  /// server whole.
  @Test func urlParameterCheckPostFindsTheValueInTheBody() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "A"), .fixed(body: "B")], config: Self.config("url_param id check_post")
    ) { fixture in
      let seen = try await Self.serversPerKey(
        fixture,
        requests: Self.keys.enumerated().flatMap { index, key in
          [
            (key, HTTPRequestText.get("/p\(index)?id=\(key)")),
            (key, HTTPRequestText.post("/form", body: "x=\(index)&id=\(key)&y=1")),
          ]
        })
      #expect(seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
      #expect(Set(seen.values.flatMap { $0 }) == ["A", "B"], "\(seen)")
      let posted = fixture.servers.flatMap(\.requests).filter { $0.method == "POST" }
      #expect(posted.allSatisfy { String(decoding: $0.body, as: UTF8.self).hasPrefix("x=") })
    }
  }

  @Test(.enabled(if: ListenerFormsTests.hasIPv6Loopback, "this machine has no IPv6 loopback"))
  func ipv6ListenerServesHTTP() async throws {
    try await HTTPProxyFixture.with(
      [.fixed(body: "v6")], host: "::1",
      config: { HTTPProxyFixture.config(servers: $0, listen: "    option forwardfor") }
    ) { fixture in
      let responses = try await fixture.client(host: "::1") { client in
        try (0..<2).map { _ in try client.request(HTTPRequestText.get()).bodyText }
      }
      #expect(responses == ["v6", "v6"])
      #expect(fixture.servers[0].requests.map { $0.header("x-forwarded-for") } == ["::1", "::1"])
    }
  }
}
