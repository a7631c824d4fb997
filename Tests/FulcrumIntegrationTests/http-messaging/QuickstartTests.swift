import Foundation
import FulcrumConfig
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `examples/quickstart.cfg` served in-process as written, except for its ports: the two demo
/// applications' `listen` sections adopt sockets this test bound on port 0 (`fd@N`), backend
/// `apps` points at those ports, and the `www` frontend listens on port 0. Both demo
/// applications must answer, in alternation.
@Suite(.serialized) struct QuickstartTests {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/quickstart.cfg").path

  /// Replaces `original` in `text`, which must contain it.
  static func replacing(_ original: String, with replacement: String, in text: inout String) throws {
    try #require(text.contains(original), "examples/quickstart.cfg no longer has '\(original)'")
    text = text.replacingOccurrences(of: original, with: replacement)
  }

  @Test func demoApplicationsAnswerInAlternation() async throws {
    var text = try String(contentsOfFile: Self.path, encoding: .utf8)
    let app1 = try ListenerFormsTests.listeningSocket()
    let app2 = try ListenerFormsTests.listeningSocket()
    var adopted = false
    defer {
      if !adopted {
        close(app1.descriptor)
        close(app2.descriptor)
      }
    }
    try Self.replacing("bind 127.0.0.1:8081", with: "bind fd@\(app1.descriptor)", in: &text)
    try Self.replacing("bind 127.0.0.1:8082", with: "bind fd@\(app2.descriptor)", in: &text)
    try Self.replacing("server app1 127.0.0.1:8081", with: "server app1 127.0.0.1:\(app1.port)", in: &text)
    try Self.replacing("server app2 127.0.0.1:8082", with: "server app2 127.0.0.1:\(app2.port)", in: &text)
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    try #require(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    var plan = try ServingPlan.build(loaded.configuration)
    let www = try #require(plan.frontends.firstIndex { $0.name == "www" })
    plan.frontends[www].listenAddresses = [try SocketAddress(ipAddress: "127.0.0.1", port: 0)]
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let runtime = ProxyRuntime(plan: plan, group: group)
    do {
      let bound = try await runtime.start()
      adopted = true
      let port = try #require(bound[www].port)
      let (kept, separate) = try await DedicatedThread.run {
        let client = try HTTPTestClient(port: port, timeoutSeconds: 3)
        defer { client.closeNow() }
        let kept = try (0..<4).map { _ in try client.request(HTTPRequestText.get()).bodyText }
        let separate = try (0..<2).map { _ in
          let other = try HTTPTestClient(port: port, timeoutSeconds: 3)
          defer { other.closeNow() }
          return try other.request(HTTPRequestText.get()).bodyText
        }
        return (kept, separate)
      }
      let apps = ["hello from app1\n", "hello from app2\n"]
      #expect(Set(kept) == Set(apps))
      #expect(kept[0] != kept[1] && kept[0] == kept[2] && kept[1] == kept[3], "\(kept)")
      #expect(separate[0] != separate[1], "\(separate)")
    } catch {
      await runtime.stopListening()
      try await group.shutdownGracefully()
      throw error
    }
    await runtime.stopListening()
    try await group.shutdownGracefully()
  }
}
