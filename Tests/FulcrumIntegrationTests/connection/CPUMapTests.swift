#if os(Linux)
import FulcrumConfig
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `cpu-map` on real event loop threads: each loop's thread ends up on the CPUs its line
/// names, and CPUs this machine lacks leave the thread unbound with a warning, as HAProxy does.
@Suite(.serialized) struct CPUMapRuntimeTests {
  /// Starts the runtime with `global` lines and two threads, and returns each loop thread's CPUs.
  static func threadCPUs(global: String) async throws -> (cpus: [[Int]], warnings: [String]) {
    let text = """
      global
          nbthread 2
      \(global)
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server s 127.0.0.1:9

      """
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    var plan = try ServingPlan.build(loaded.configuration)
    plan.frontends[0].listenAddresses = [try SocketAddress(ipAddress: "127.0.0.1", port: 0)]
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let runtime = ProxyRuntime(plan: plan, group: group)
    _ = try await runtime.start()
    var result: [[Int]] = []
    for loop in group.makeIterator() {
      result.append(try await loop.submit { ProcessorAffinity.currentThreadCPUs() }.get())
    }
    let warnings = runtime.startWarnings
    await runtime.stopListening()
    try await group.shutdownGracefully()
    return (result, warnings)
  }

  @Test func threadsAreBoundToTheirCPUs() async throws {
    let allowed = ProcessorAffinity.currentThreadCPUs()
    try #require(!allowed.isEmpty)
    if allowed.count >= 2 {
      let run = try await Self.threadCPUs(global: "    cpu-map auto:1/1-2 \(allowed[0]) \(allowed[1])")
      #expect(run.cpus == [[allowed[0]], [allowed[1]]])
      #expect(run.warnings.isEmpty)
    }
    let run = try await Self.threadCPUs(global: "    cpu-map 1/2 \(allowed[0])")
    #expect(run.cpus == [allowed, [allowed[0]]])
  }

  @Test func missingCPUsLeaveTheThreadUnboundWithAWarning() async throws {
    let allowed = ProcessorAffinity.currentThreadCPUs()
    let run = try await Self.threadCPUs(global: "    cpu-map 1/1 1023")
    #expect(run.cpus == [allowed, allowed])
    #expect(run.warnings.count == 1)
    #expect(run.warnings.first?.contains("thread 1 stays unbound") == true)
  }
}
#endif
