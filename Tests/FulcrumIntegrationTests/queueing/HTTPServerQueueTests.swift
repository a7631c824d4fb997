import FulcrumTestSupport
import Testing

/// Server `maxconn` in `mode http`, end to end: it limits the requests a server has in flight
/// (not its connections), across the proxy's event loops; the others wait in the queue and are
/// served in turn; `timeout queue` answers 503 to one that waited too long; `maxqueue` bounds a
/// server's own queue (a hashing algorithm waits there).
@Suite(.serialized) struct HTTPServerQueueTests {
  /// Starts `count` clients at once, each sending one GET for `/<n>`; returns the statuses in
  /// client order once all are answered.
  private static func concurrentGets(_ fixture: HTTPProxyFixture, count: Int) async throws -> [Int] {
    try await withThrowingTaskGroup(of: (Int, Int).self) { group in
      for index in 0..<count {
        group.addTask {
          let status = try await fixture.client(timeoutSeconds: 10) { client in
            try client.request(HTTPRequestText.get("/\(index)")).status
          }
          return (index, status)
        }
      }
      var statuses = Array(repeating: 0, count: count)
      for try await (index, status) in group { statuses[index] = status }
      return statuses
    }
  }

  @Test func maxconnHoldsRequestsInTheQueueAndServesThemInTurn() async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with(
      [.held(gate, then: .fixed(body: "done"))], threads: 2,
      config: { HTTPProxyFixture.config(servers: $0, serverOptions: "maxconn 1") }
    ) { fixture in
      async let statuses = Self.concurrentGets(fixture, count: 4)
      for turn in 1...4 {
        #expect(await gate.waitUntilHolding(1))
        gate.open(1)
        #expect(await fixture.servers[0].waitForRequests(min(turn + 1, 4)))
      }
      let answered = try await statuses
      #expect(answered == [200, 200, 200, 200])
      #expect(gate.maximumHeld == 1)
      #expect(fixture.servers[0].requestCount == 4)
    }
  }

  /// The control for the test above: without `maxconn` the same four requests are all at the
  /// server at once.
  @Test func withoutMaxconnEveryRequestReachesTheServerAtOnce() async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with([.held(gate, then: .fixed())], threads: 2) { fixture in
      async let statuses = Self.concurrentGets(fixture, count: 4)
      #expect(await gate.waitUntilHolding(4))
      gate.open(4)
      let answered = try await statuses
      #expect(answered == [200, 200, 200, 200])
      #expect(gate.maximumHeld == 4)
    }
  }

  @Test func aRequestQueuedLongerThanTimeoutQueueGets503() async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with(
      [.held(gate, then: .fixed())],
      config: {
        HTTPProxyFixture.config(servers: $0, defaults: "    timeout queue 300ms", serverOptions: "maxconn 1")
      }
    ) { fixture in
      async let first = fixture.client(timeoutSeconds: 10) { client in try client.request(HTTPRequestText.get()).status
      }
      #expect(await gate.waitUntilHolding(1))
      let (second, elapsed) = try await fixture.client { client in
        try Elapsed.milliseconds { try client.request(HTTPRequestText.get()).status }
      }
      #expect(second == 503)
      #expect(elapsed >= 250 && elapsed < 2_500, "waited \(elapsed) ms")
      gate.open(1)
      let firstStatus = try await first
      #expect(firstStatus == 200)
      #expect(fixture.servers[0].requestCount == 1)
    }
  }

  /// With `balance uri` every request for `/same` belongs to the one server; when it is full
  /// they wait in its own queue, which `maxqueue 1` bounds: of two waiting requests, one is
  /// queued and the other is refused with 503 at once.
  @Test func maxqueueBoundsAServersOwnQueue() async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with(
      [.held(gate, then: .fixed())],
      config: {
        HTTPProxyFixture.config(
          servers: $0, listen: "    balance uri", defaults: "    timeout queue 5s",
          serverOptions: "maxconn 1 maxqueue 1")
      }
    ) { fixture in
      async let first = fixture.client(timeoutSeconds: 10) { client in
        try client.request(HTTPRequestText.get("/same")).status
      }
      #expect(await gate.waitUntilHolding(1))
      try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<2 {
          group.addTask {
            try await fixture.client(timeoutSeconds: 10) { client in
              try client.request(HTTPRequestText.get("/same")).status
            }
          }
        }
        // Nothing is answered while the gate is shut: the first to come back was refused.
        let refused = try await group.next()
        #expect(refused == 503)
        gate.open(2)
        let served = try await group.next()
        #expect(served == 200)
      }
      let firstStatus = try await first
      #expect(firstStatus == 200)
      #expect(gate.maximumHeld == 1)
    }
  }

  /// `option abortonclose`: a queued request whose client closes its side is dropped, and the
  /// client's connection closed; without it the request waits for its turn and is served.
  @Test(arguments: [true, false]) func abortOnCloseDropsAQueuedRequestWhoseClientLeft(_ aborts: Bool) async throws {
    let gate = MockResponseGate()
    try await HTTPProxyFixture.with(
      [.held(gate, then: .fixed(body: "done"))], threads: 1,
      config: {
        HTTPProxyFixture.config(
          servers: $0, defaults: aborts ? "    option abortonclose" : "", serverOptions: "maxconn 1")
      }
    ) { fixture in
      async let first = fixture.client(timeoutSeconds: 10) { try $0.request(HTTPRequestText.get("/first")).status }
      #expect(await gate.waitUntilHolding(1))
      let second = try BlockingTCPClient(port: fixture.port)
      try second.send(HTTPRequestText.get("/second"))
      second.shutdownWrite()
      if aborts {
        #expect(try await DedicatedThread.run { second.waitForClose() })
      }
      gate.open(3)
      #expect(try await first == 200)
      if aborts {
        #expect(try await fixture.client { try $0.request(HTTPRequestText.get("/third")).status } == 200)
        #expect(fixture.servers[0].requests.map(\.target) == ["/first", "/third"])
      } else {
        let answer = String(decoding: try await DedicatedThread.run { try second.readToEnd() }, as: UTF8.self)
        #expect(answer.hasSuffix("done"))
        #expect(fixture.servers[0].requests.map(\.target) == ["/first", "/second"])
      }
      second.closeNow()
    }
  }
}
