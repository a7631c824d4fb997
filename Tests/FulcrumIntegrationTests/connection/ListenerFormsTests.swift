import Foundation
import FulcrumConfig
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `bind` forms beyond a plain IPv4 address, with real sockets: an inherited `fd@`
/// listening socket, IPv6 with and without `v6only`, a `unix@` socket with `mode`, `uid` and
/// `gid`, and an `abns@` abstract socket. Each relays to an echo server.
@Suite(.serialized) struct ListenerFormsTests {
  /// The data plane started on `text` without moving its listeners, and its echo server.
  struct Running {
    let group: MultiThreadedEventLoopGroup
    let runtime: ProxyRuntime
    let bound: [SocketAddress]

    static func start(_ text: String, adjust: (inout ServingPlan) -> Void = { _ in }) async throws -> Running {
      let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
      #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
      var plan = try ServingPlan.build(loaded.configuration)
      adjust(&plan)
      let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
      let runtime = ProxyRuntime(plan: plan, group: group)
      do {
        return Running(group: group, runtime: runtime, bound: try await runtime.start())
      } catch {
        await runtime.stopListening()
        try await group.shutdownGracefully()
        throw error
      }
    }

    func stop() async throws {
      await runtime.stopListening()
      try await group.shutdownGracefully()
    }
  }

  static func config(bind: String, echoPort: Int) -> String {
    """
    \(TCPProxyHarness.defaults("tcp"))
    listen relay
        bind \(bind)
        server s 127.0.0.1:\(echoPort)

    """
  }

  static func withEcho(_ body: (Int) async throws -> Void) async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    try await body(echo.port)
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  /// Sends a line through `client`, half-closes and expects it back.
  static func expectEcho(_ client: BlockingTCPClient) async throws {
    let answer = try await DedicatedThread.run {
      try client.send("ping")
      client.shutdownWrite()
      return try client.readToEnd()
    }
    #expect(answer == Array("ping".utf8))
  }

  /// A listening IPv4 socket on 127.0.0.1 port 0, as a parent process would pass it: its
  /// descriptor and port.
  static func listeningSocket() throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(descriptor, raw, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, raw, &length) == 0
      }
    }
    guard descriptor >= 0, ok else {
      if descriptor >= 0 { close(descriptor) }
      throw SocketSetupFailure(errno: errno)
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
  }

  struct SocketSetupFailure: Error {
    var errno: Int32
  }

  @Test func inheritedFileDescriptor() async throws {
    try await Self.withEcho { echoPort in
      let (descriptor, port) = try Self.listeningSocket()
      let running: Running
      do {
        running = try await Running.start(Self.config(bind: "fd@\(descriptor) backlog 16", echoPort: echoPort))
      } catch {
        close(descriptor)
        throw error
      }
      #expect(running.bound.compactMap(\.port) == [port])
      try await Self.expectEcho(try BlockingTCPClient(port: port))
      // Stopping closes the adopted socket: nothing listens there any more.
      try await running.stop()
      #expect(throws: BlockingTCPClient.Failure.self) { try BlockingTCPClient(port: port) }
    }
  }

  /// Whether this machine can bind `::1` (containers sometimes have no IPv6).
  static let hasIPv6Loopback: Bool = {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
      }
    }
  }()

  @Test(.enabled(if: hasIPv6Loopback, "this machine has no IPv6 loopback"))
  func ipv6LoopbackListener() async throws {
    try await Self.withEcho { echoPort in
      let running = try await Running.start(Self.config(bind: "[::1]:10000 v6only", echoPort: echoPort)) { plan in
        plan.frontends[0].listenAddresses = [try! SocketAddress(ipAddress: "::1", port: 0)]
      }
      let port = try #require(running.bound.first?.port)
      #expect(running.bound.first?.protocol == .inet6)
      try await Self.expectEcho(try BlockingTCPClient(ipv6LoopbackPort: port))
      try await running.stop()
    }
  }

  @Test(.enabled(if: hasIPv6Loopback, "this machine has no IPv6 loopback"))
  func v6onlyKeepsIPv4ClientsOffTheWildcardAddress() async throws {
    try await Self.withEcho { echoPort in
      for (option, ipv4Reaches) in [("v6only", false), ("v4v6", true)] {
        let running = try await Running.start(Self.config(bind: "[::]:10000 \(option)", echoPort: echoPort)) { plan in
          plan.frontends[0].listenAddresses = [try! SocketAddress(ipAddress: "::", port: 0)]
        }
        let port = try #require(running.bound.first?.port)
        try await Self.expectEcho(try BlockingTCPClient(ipv6LoopbackPort: port))
        if ipv4Reaches {
          try await Self.expectEcho(try BlockingTCPClient(port: port))
        } else {
          #expect(throws: BlockingTCPClient.Failure.self) { try BlockingTCPClient(port: port) }
        }
        try await running.stop()
      }
    }
  }

  /// Binds a unix socket at `path` and closes it without removing the file.
  static func leaveStaleSocket(at path: String) {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    _ = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
  }

  @Test func unixSocketWithModeAndOwner() async throws {
    try await Self.withEcho { echoPort in
      let directory = try TemporaryDirectory(prefix: "fulcrum-unix")
      let path = directory.url.appendingPathComponent("fe.sock").path
      let config = Self.config(bind: "unix@\(path) mode 640 uid \(getuid()) gid \(getgid())", echoPort: echoPort)
      // A socket file an earlier process left behind is replaced.
      Self.leaveStaleSocket(at: path)
      var status = stat()
      #expect(stat(path, &status) == 0)
      let running = try await Running.start(config)
      #expect(stat(path, &status) == 0)
      #expect(status.st_mode & 0o7777 == 0o640)
      #expect(status.st_mode & S_IFMT == S_IFSOCK)
      #expect(status.st_uid == getuid() && status.st_gid == getgid())
      try await Self.expectEcho(try BlockingTCPClient(unixPath: path))
      try await running.stop()
    }
  }

  #if os(Linux)
  @Test func abstractNamespaceSocket() async throws {
    try await Self.withEcho { echoPort in
      let name = "fulcrum-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
      let running = try await Running.start(Self.config(bind: "abns@\(name)", echoPort: echoPort))
      try await Self.expectEcho(try BlockingTCPClient(unixPath: "\u{0}" + name))
      try await running.stop()
    }
  }
  #endif

  @Test func aDescriptorThatIsNotASocketIsRefusedWithItsLine() async throws {
    let descriptor = open("/dev/null", O_RDONLY)
    defer { close(descriptor) }
    try await Self.withEcho { echoPort in
      await #expect {
        let running = try await Running.start(Self.config(bind: "fd@\(descriptor)", echoPort: echoPort))
        try await running.stop()
      } throws: { error in
        "\(error)".contains("'bind fd@\(descriptor)' (haproxy.cfg:7)")
          && "\(error)".contains("Socket operation on non-socket")
      }
    }
  }
}
