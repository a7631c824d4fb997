import FulcrumConfig
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// Starts the data plane in-process on a configuration text, with every listener moved to
/// 127.0.0.1 (or `host`) port 0 so tests never collide on ports, and stops it afterwards.
struct TCPProxyHarness {
  let group: MultiThreadedEventLoopGroup
  let runtime: ProxyRuntime
  let ports: [Int]

  static func start(_ text: String, threads: Int = 2, host: String = "127.0.0.1") async throws -> TCPProxyHarness {
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    var plan = try ServingPlan.build(loaded.configuration)
    for index in plan.frontends.indices {
      plan.frontends[index].listenAddresses = [try SocketAddress(ipAddress: host, port: 0)]
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    let runtime = ProxyRuntime(plan: plan, group: group)
    let bound = try await runtime.start()
    return TCPProxyHarness(group: group, runtime: runtime, ports: bound.compactMap(\.port))
  }

  var port: Int { ports[0] }

  /// The `defaults` section most configurations of the tests start with: `mode`, and the
  /// connect, client and server timeouts (1 s, 10 s, 10 s).
  static func defaults(_ mode: String) -> String {
    """
    defaults
        mode \(mode)
        timeout connect 1s
        timeout client 10s
        timeout server 10s
    """
  }

  func stop() async throws {
    await runtime.stopListening()
    try await group.shutdownGracefully()
  }
}
