import Foundation
import FulcrumTestSupport
import NIOCore
import NIOPosix
import Testing

/// `option external-check` end to end: real shell scripts written to a temporary directory are
/// the check programs; their exit status moves servers in and out of the traffic, a script
/// records the arguments and environment it got, one outlives its bound and is killed with
/// what it started, and without `insecure-fork-wanted` nothing runs at all.
@Suite(.serialized) struct ExternalCheckTests {
  static let global = """
    global
        external-check
        insecure-fork-wanted
        insecure-setuid-wanted
    \(TCPProxyHarness.defaults("tcp"))

    """

  /// Writes an executable script.
  @discardableResult
  static func script(_ directory: borrowing TemporaryDirectory, _ name: String, _ body: String) throws -> String {
    let path = try directory.write(name, "#!/bin/sh\n" + body)
    chmod(path, 0o755)
    return path
  }

  static func read(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
  }

  /// The process state letter of `pid` (`Z` for a zombie), or nil once it is gone.
  static func processState(_ pid: Int32) -> Character? {
    guard let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(close, offsetBy: 2)...].first
  }

  @Test func exitStatusTakesTheServerOutAndBringsItBack() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let check = try Self.script(
      directory, "check.sh", "exit $(/bin/cat \(directory.path)/status.$HAPROXY_SERVER_NAME)\n")
    try directory.write("status.a", "0")
    try directory.write("status.b", "0")
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let a = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let b = try await MockTCPServer.start(.greetThenEcho("B"), group: group)
    let proxy = try await TCPProxyHarness.start(
      Self.global + """
        listen relay
            bind 127.0.0.1:10000
            option external-check
            external-check command \(check)
            server a 127.0.0.1:\(a.port) check inter 100 rise 2 fall 1
            server b 127.0.0.1:\(b.port) check inter 100 rise 2 fall 1

        """)
    let log = proxy.runtime.healthLog
    #expect(Set(try HealthCheckTests.picks(6, port: proxy.port)) == ["A", "B"])

    try directory.write("status.b", "3")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "b to go down") {
      log.lines.contains {
        $0.hasPrefix("Server relay/b is DOWN, reason: External check error, code: 3, check duration: ")
      }
    }
    #expect(
      log.lines.contains {
        $0.hasPrefix("Server relay/b is DOWN")
          && $0.hasSuffix("1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.")
      }
    )
    #expect(log.status(backend: "relay", server: "b") == "DOWN")
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to avoid b") {
      !(try HealthCheckTests.picks(4, port: proxy.port)).contains("B")
    }
    #expect(try HealthCheckTests.picks(10, port: proxy.port) == String(repeating: "A", count: 10))

    try directory.write("status.b", "0")
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "b to come back") {
      log.lines.contains {
        $0.hasPrefix("Server relay/b is UP, reason: External check passed, code: 0, check duration: ")
      }
    }
    _ = try await HealthCheckTests.waitUntil(.seconds(2), "traffic to reach b") {
      try HealthCheckTests.picks(6, port: proxy.port).contains("B")
    }

    try await proxy.stop()
    for server in [a, b] { try await server.close() }
    try await group.shutdownGracefully()
  }

  @Test func programGetsHAProxysArgumentsAndEnvironment() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let dump = try Self.script(
      directory, "dump.sh",
      """
      out=\(directory.path)/dump.$HAPROXY_SERVER_NAME
      { for argument in "$@"; do echo "ARG $argument"; done; /usr/bin/env; /bin/grep NoNewPrivs /proc/$$/status; } > $out.tmp
      /bin/mv $out.tmp $out

      """)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      global
          external-check
          insecure-fork-wanted
      \(TCPProxyHarness.defaults("tcp"))
          option external-check
          external-check command \(dump)
      listen relay
          bind 127.0.0.1:10000
          external-check path /usr/bin:/bin
          server s1 127.0.0.1:\(data.port) check inter 100 maxconn 7
          server s2 127.0.0.1:\(data.port) check inter 100 id 42 addr 127.0.0.9 port 99
      backend web
          id 9
          mode http
          server s3 127.0.0.1:\(data.port) check inter 100 id 1
          server s4 127.0.0.1:\(data.port) check inter 100

      """)
    let files = ["s1", "s2", "s3", "s4"].map { "\(directory.path)/dump.\($0)" }
    let port = "\(data.port)"
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "every server's program") {
      files.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }
    try await proxy.stop()
    try await data.close()
    try await group.shutdownGracefully()

    func lines(_ file: String) -> [String] {
      (Self.read(file) ?? "").split(separator: "\n").map(String.init)
    }
    func arguments(_ file: String) -> [String] {
      lines(file).filter { $0.hasPrefix("ARG ") }.map { String($0.dropFirst(4)) }
    }
    /// The variables HAProxy sets, sorted; any other variable of the program's own (the shell
    /// adds PWD) is listed under `others`.
    func environment(_ file: String) -> (ours: [String], others: [String]) {
      let variables = lines(file).filter { !$0.hasPrefix("ARG ") && !$0.hasPrefix("NoNewPrivs") }
      let ours = variables.filter { $0.hasPrefix("HAPROXY_") || $0.hasPrefix("PATH=") }.sorted()
      return (ours, variables.filter { !ours.contains($0) && !$0.hasPrefix("PWD=") })
    }
    #expect(arguments(files[0]) == ["127.0.0.1", "10000", "127.0.0.1", port])
    #expect(
      environment(files[0]).ours == [
        "HAPROXY_PROXY_ADDR=127.0.0.1", "HAPROXY_PROXY_ID=1", "HAPROXY_PROXY_NAME=relay", "HAPROXY_PROXY_PORT=10000",
        "HAPROXY_SERVER_ADDR=127.0.0.1", "HAPROXY_SERVER_CURCONN=0", "HAPROXY_SERVER_ID=1",
        "HAPROXY_SERVER_MAXCONN=7", "HAPROXY_SERVER_NAME=s1", "HAPROXY_SERVER_PORT=\(port)",
        "HAPROXY_SERVER_PROTO=tcp", "HAPROXY_SERVER_SSL=0", "PATH=/usr/bin:/bin",
      ])
    #expect(environment(files[0]).others == [], "the process environment is not passed on")
    // The server's own address and port, not the check's `addr`/`port` (as HAProxy 2.6).
    #expect(arguments(files[1]) == ["127.0.0.1", "10000", "127.0.0.1", port])
    #expect(environment(files[1]).ours.contains("HAPROXY_SERVER_ID=42"))
    #expect(environment(files[1]).ours.contains("HAPROXY_SERVER_MAXCONN=0"))
    // A backend has no listener: NOT_USED arguments, empty variables; PATH is "" by default.
    #expect(arguments(files[2]) == ["NOT_USED", "NOT_USED", "127.0.0.1", port])
    #expect(
      environment(files[2]).ours == [
        "HAPROXY_PROXY_ADDR=", "HAPROXY_PROXY_ID=9", "HAPROXY_PROXY_NAME=web", "HAPROXY_PROXY_PORT=",
        "HAPROXY_SERVER_ADDR=127.0.0.1", "HAPROXY_SERVER_CURCONN=0", "HAPROXY_SERVER_ID=1",
        "HAPROXY_SERVER_MAXCONN=0", "HAPROXY_SERVER_NAME=s3", "HAPROXY_SERVER_PORT=\(port)",
        "HAPROXY_SERVER_PROTO=h1", "HAPROXY_SERVER_SSL=0", "PATH=",
      ])
    // s4 takes the first number s3's `id 1` left free.
    #expect(environment(files[3]).ours.contains("HAPROXY_SERVER_ID=2"))
    // Without insecure-setuid-wanted, programs cannot gain privileges (as HAProxy sets it).
    #expect(lines(files[0]).contains { $0.hasPrefix("NoNewPrivs:") && $0.hasSuffix("1") })
  }

  @Test func preserveEnvKeepsTheProcessEnvironment() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let dump = try Self.script(
      directory, "dump.sh",
      "/usr/bin/env > \(directory.path)/env.tmp\n/bin/mv \(directory.path)/env.tmp \(directory.path)/env\n")
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      global
          external-check preserve-env
          insecure-fork-wanted
          insecure-setuid-wanted
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          server s0 127.0.0.1:\(data.port)
      backend be
          option external-check
          external-check command \(dump)
          external-check path /usr/bin:/bin
          server s1 127.0.0.1:\(data.port) check inter 100

      """)
    let file = "\(directory.path)/env"
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "the program") {
      FileManager.default.fileExists(atPath: file)
    }
    try await proxy.stop()
    try await data.close()
    try await group.shutdownGracefully()
    let variables = (Self.read(file) ?? "").split(separator: "\n").map(String.init)
    #expect(variables.contains("HAPROXY_SERVER_NAME=s1"))
    #expect(variables.contains("PATH=/usr/bin:/bin"), "the check's PATH replaces the process's")
    #expect(variables.filter { $0.hasPrefix("PATH=") }.count == 1)
    let inherited = ProcessInfo.processInfo.environment.keys.filter { !$0.hasPrefix("HAPROXY_") && $0 != "PATH" }
    if let name = inherited.sorted().first, let value = ProcessInfo.processInfo.environment[name], !value.contains("\n")
    {
      #expect(variables.contains("\(name)=\(value)"))
    }
  }

  @Test func overrunningProgramIsKilledWithWhatItStarted() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let slow = try Self.script(
      directory, "slow.sh",
      """
      /bin/sleep 30 &
      echo $! > \(directory.path)/child.tmp
      /bin/mv \(directory.path)/child.tmp \(directory.path)/child
      echo $$ > \(directory.path)/leader.tmp
      /bin/mv \(directory.path)/leader.tmp \(directory.path)/leader
      wait

      """)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    // With `timeout check` set, HAProxy 2.6 bounds the program by min(inter, timeout connect).
    let proxy = try await TCPProxyHarness.start(
      Self.global + """
        listen relay
            bind 127.0.0.1:10000
            timeout connect 300ms
            timeout check 10s
            option external-check
            external-check command \(slow)
            server s1 127.0.0.1:\(data.port) check inter 2s fall 1

        """)
    let log = proxy.runtime.healthLog
    let took = try await HealthCheckTests.waitUntil(.seconds(8), "the timeout") {
      log.lines.contains { $0.hasPrefix("Server relay/s1 is DOWN, reason: External check timeout, code: 0") }
    }
    let line = log.lines.first { $0.hasPrefix("Server relay/s1 is DOWN") } ?? ""
    let duration = line.split(separator: "check duration: ").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? -1
    #expect((300..<1_300).contains(duration), "\(line)")
    #expect(took < .seconds(5))
    let leader = Int32((Self.read("\(directory.path)/leader") ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    let child = Int32((Self.read("\(directory.path)/child") ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(leader != nil && child != nil)
    // The program is reaped (gone, not a zombie); what it started is dead too (a zombie until
    // whoever inherited it reaps it).
    _ = try await HealthCheckTests.waitUntil(.seconds(3), "the program and its child to die") {
      Self.processState(leader ?? 0) == nil && [nil, "Z"].contains(Self.processState(child ?? 0))
    }
    try await proxy.stop()
    try await data.close()
    try await group.shutdownGracefully()
  }

  @Test func withoutInsecureForkWantedNoProgramRuns() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let marker = "\(directory.path)/ran"
    let check = try Self.script(directory, "check.sh", "echo > \(marker)\n")
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let proxy = try await TCPProxyHarness.start(
      """
      global
          external-check
      \(TCPProxyHarness.defaults("tcp"))
      listen relay
          bind 127.0.0.1:10000
          option external-check
          external-check command \(check)
          server s1 127.0.0.1:\(data.port) check inter 100 fall 2

      """)
    let log = proxy.runtime.healthLog
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "s1 to go down") {
      log.lines.contains {
        $0.hasPrefix("Server relay/s1 is DOWN, reason: Socket error, info: \"process creation not allowed\"")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: marker))
    // Logged once, not at every check.
    #expect(log.lines.filter { $0.contains("'insecure-fork-wanted' is not set") }.count == 1)
    try await proxy.stop()
    try await data.close()
    try await group.shutdownGracefully()
  }

  @Test func programThatCannotBeExecutedFailsWithCode255() async throws {
    let directory = try TemporaryDirectory(prefix: "fulcrum-extcheck")
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let data = try await MockTCPServer.start(.greetThenEcho("A"), group: group)
    let proxy = try await TCPProxyHarness.start(
      Self.global + """
        listen relay
            bind 127.0.0.1:10000
            option external-check
            external-check command \(directory.path)/absent.sh
            server s1 127.0.0.1:\(data.port) check inter 100 fall 1

        """)
    let log = proxy.runtime.healthLog
    _ = try await HealthCheckTests.waitUntil(.seconds(5), "s1 to go down") {
      log.lines.contains { $0.hasPrefix("Server relay/s1 is DOWN, reason: External check error, code: 255") }
    }
    #expect(
      log.lines.contains(
        "Server s1: Failed to exec process for external health check: No such file or directory. Aborting."))
    try await proxy.stop()
    try await data.close()
    try await group.shutdownGracefully()
  }
}
