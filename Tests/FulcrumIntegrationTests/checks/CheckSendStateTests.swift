import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `http-check send-state` end to end: each HTTP check carries the server's state as HAProxy 2.6
/// writes it, the field between the request's own fields and `connection: close`.
@Suite(.serialized) struct CheckSendStateTests {
  @Test func eachCheckTellsTheServerHowTheProxySeesIt() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let checked = try await MockCheckServer.start(HealthCheckTests.ok, group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      global
          node lb1
      \(TCPProxyHarness.defaults("http"))
      backend app
          option httpchk GET /health HTTP/1.1
          http-check send hdr host app.example
          http-check send-state
          server s1 127.0.0.1:\(checked.port) check inter 100 rise 2 fall 3 weight 2
          server s2 127.0.0.1:1 weight 1
      frontend web
          bind 127.0.0.1:10000
          default_backend app

      """, threads: 1)
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "three checks") { checked.acceptedConnections >= 3 }
    let requests = String(decoding: checked.received, as: UTF8.self).components(separatedBy: "\r\n\r\n")
    let identity = "address=127.0.0.1; port=\(checked.port); name=app/s1; node=lb1; weight=2/3; scur=0/0; qcur=0"
    func request(_ state: String) -> String {
      "GET /health HTTP/1.1\r\nhost: app.example\r\nx-haproxy-server-state: \(state); \(identity)\r\nconnection: close"
    }
    // A server starts up with its health at `rise`: one failure from going down, until the
    // first check passes.
    #expect(requests[0] == request("UP 1/3"))
    #expect(requests[2] == request("UP"))
    try await proxy.stop()
    try await checked.close()
    try await group.shutdownGracefully()
  }

  @Test func aFailingServerSaysHowFarItIsFromDown() async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let checked = try await MockCheckServer.start(HealthCheckTests.failing, group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      \(TCPProxyHarness.defaults("http"))
      listen web
          bind 127.0.0.1:10000
          option httpchk
          http-check send-state
          server s1 127.0.0.1:\(checked.port) check inter 100 fastinter 100 downinter 100 rise 2 fall 2

      """, threads: 1)
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "four checks") { checked.acceptedConnections >= 4 }
    let states = String(decoding: checked.received, as: UTF8.self).components(separatedBy: "\r\n")
      .filter { $0.hasPrefix("x-haproxy-server-state: ") }
      .map { $0.dropFirst("x-haproxy-server-state: ".count).split(separator: ";").first.map(String.init) ?? "" }
    // Up with one failure to go, then down: its weight leaves the farm.
    #expect(Array(states.prefix(3)) == ["UP 1/2", "DOWN", "DOWN"])
    let lines = String(decoding: checked.received, as: UTF8.self).components(separatedBy: "\r\n")
    let down = lines.filter { $0.hasPrefix("x-haproxy-server-state: DOWN;") }
    #expect(down.first?.contains("; weight=1/0; scur=0/0; qcur=0") == true, "\(down)")
    try await proxy.stop()
    try await checked.close()
    try await group.shutdownGracefully()
  }
}
