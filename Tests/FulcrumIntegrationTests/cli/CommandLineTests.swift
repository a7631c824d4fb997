import Foundation
import FulcrumTestSupport
import NIOPosix
import Testing

/// Runs the built `fulcrum` binary the way an operator or an init script would, and checks
/// HAProxy's exit codes and messages.
@Suite struct CommandLineTests {
  static let validConfig = """
    global
        maxconn 100
    defaults
        mode http
        option httplog
        timeout connect 5s
        timeout client 30s
        timeout server 30s
    frontend www
        bind 127.0.0.1:8080
        default_backend app
    backend app
        server a1 127.0.0.1:8081

    """

  func run(
    _ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil
  ) throws
    -> ProcessRunner.Outcome
  {
    let outcome = try ProcessRunner.run(
      BinaryLocator.fulcrum, arguments, environment: environment, currentDirectory: directory)
    #expect(!outcome.timedOut)
    return outcome
  }

  @Test func versionFlags() throws {
    let short = try run(["-v"])
    #expect(short.status == 0)
    #expect(short.standardOutput.hasPrefix("Fulcrum version "))
    let long = try run(["-vv"])
    #expect(long.status == 0)
    #expect(long.standardOutput.contains("Feature list : +EPOLL"))
  }

  @Test func checkValidConfigurationExitsZero() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("ok.cfg", Self.validConfig)
    let outcome = try run(["-c", "-f", path])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "Configuration file is valid\n")
    #expect(outcome.standardError.contains("[WARNING]"))
    #expect(outcome.standardError.contains("parsed but not yet acted on"))
  }

  @Test func quietModeSilencesWarnings() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("ok.cfg", Self.validConfig)
    let outcome = try run(["-q", "-c", "-f", path])
    #expect(outcome.status == 0)
    #expect(outcome.standardError.isEmpty)
    #expect(outcome.standardOutput.isEmpty)
  }

  @Test func warningsAreFatalWithDW() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("ok.cfg", Self.validConfig)
    let outcome = try run(["-dW", "-c", "-f", path])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("Fatal errors found in configuration."))
  }

  @Test func invalidConfigurationListsEveryProblemWithFileAndLine() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "bad.cfg",
      """
      defaults
          mode http
          timeout connect 5x
      frontend www
          bind :8080
          balanse roundrobin
          default_backend nowhere

      """)
    let outcome = try run(["-c", "-f", path])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("[ALERT]"))
    #expect(outcome.standardError.contains("parsing [\(path):3]"))
    #expect(outcome.standardError.contains("parsing [\(path):6] : unknown keyword 'balanse' in 'frontend' section"))
    #expect(outcome.standardError.contains("'nowhere'"))
    #expect(outcome.standardOutput.isEmpty)
  }

  @Test func directoryLoadsCfgFilesInLexicalOrder() throws {
    let directory = try TemporaryDirectory()
    try directory.write("conf.d/20-backend.cfg", "backend app\n    server a 127.0.0.1:81\n")
    try directory.write(
      "conf.d/10-frontend.cfg",
      "defaults\n    timeout client 1s\n    timeout connect 1s\n    timeout server 1s\nfrontend www\n    bind :80\n    default_backend app\n"
    )
    try directory.write("conf.d/notes.txt", "this is not a config\n")
    let outcome = try run(["-c", "-f", directory.path + "/conf.d"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
  }

  @Test func emptyDirectoryAndMissingFileAreErrors() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: directory.path + "/empty", withIntermediateDirectories: true)
    let empty = try run(["-c", "-f", directory.path + "/empty"])
    #expect(empty.status == 1)
    #expect(empty.standardError.contains("contains no *.cfg file"))
    let missing = try run(["-c", "-f", directory.path + "/missing.cfg"])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("No such file or directory"))
  }

  @Test func conditionFlagExitCodes() throws {
    #expect(try run(["-cc", "streq(a,a)"]).status == 0)
    #expect(try run(["-cc", "streq(a,b)"]).status == 1)
    #expect(try run(["-cc", "defined(FULCRUM_TEST_VAR)"], environment: ["FULCRUM_TEST_VAR": "1"]).status == 0)
    #expect(try run(["-cc", "nosuchpredicate(x)"]).status == 2)
  }

  @Test func unknownFlagPrintsUsageAndExitsOne() throws {
    let outcome = try run(["--no-such-flag"])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("USAGE"))
  }

  @Test func haproxySpellingsParse() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("ok.cfg", Self.validConfig)
    let outcome = try run([
      "-db", "-W", "-q", "-p", directory.path + "/pid", "-N", "100", "-L", "peer1", "-c", "-f", path, "-sf", "1", "2",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
  }

  @Test func flagsNotActedOnYetAreWarnedAbout() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("ok.cfg", Self.validConfig)
    let pidFile = directory.path + "/pid"
    let outcome = try run(["-d", "-W", "-p", pidFile, "-sf", "1", "-L", "peer1", "-n", "10", "-c", "-f", path])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    for flag in ["-d", "-W", "-p", "-sf", "-L"] {
      #expect(outcome.standardError.contains("[WARNING]"))
      #expect(outcome.standardError.contains("'\(flag)' is accepted but not yet acted on ("), "\(flag)")
    }
    // Acted on: no warning.
    #expect(!outcome.standardError.contains("'-n'"))
    let quiet = try run(["-q", "-W", "-c", "-f", path])
    #expect(!quiet.standardError.contains("'-W'"))
    // In the foreground haproxy 2.6 writes no pid file either: nothing to warn about.
    let foreground = try run(["-p", pidFile, "-c", "-f", path])
    #expect(!foreground.standardError.contains("'-p'"))
  }

  @Test func httpConfigurationIsServedUntilSIGTERM() async throws {
    let port = FreePort.loopback()
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "http.cfg",
      """
      defaults
          mode http
          timeout client 10s
      listen hello
          bind 127.0.0.1:\(port)
          http-request return status 200 content-type text/plain string "hello\\n"

      """)
    let process = try RunningProcess(BinaryLocator.fulcrum, ["-q", "-f", path])
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(20)
    var client: HTTPTestClient?
    while client == nil, clock.now < deadline, process.isRunning {
      client = try? HTTPTestClient(port: port)
      if client == nil { try await Task.sleep(for: .milliseconds(20)) }
    }
    let connected = try #require(client)
    let response = try connected.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(response.status == 200)
    #expect(response.body == Array("hello\n".utf8))
    let stopped = process.stop(signal: SIGTERM)
    #expect(stopped.status == 0, "\(stopped.standardError)")
  }

  @Test func tcpConfigurationIsServedUntilSIGTERM() async throws {
    let backends = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await MockTCPServer.start(.echo, group: backends)
    let port = FreePort.loopback()
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "tcp.cfg",
      """
      \(TCPProxyHarness.defaults("tcp"))
      listen echo
          bind 127.0.0.1:\(port)
          server e1 127.0.0.1:\(echo.port)

      """)
    let process = try RunningProcess(BinaryLocator.fulcrum, ["-q", "-f", path])
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(20)
    var client: BlockingTCPClient?
    while client == nil, clock.now < deadline, process.isRunning {
      client = try? BlockingTCPClient(port: port)
      if client == nil { try await Task.sleep(for: .milliseconds(20)) }
    }
    let connected = try #require(client)
    try connected.send("through the binary")
    connected.shutdownWrite()
    #expect(try connected.readToEnd() == Array("through the binary".utf8))
    let stopped = process.stop(signal: SIGTERM)
    #expect(stopped.status == 0, "\(stopped.standardError)")
    try await echo.close()
    try await backends.shutdownGracefully()
  }

  @Test func quickstartConfigurationIsValid() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let outcome = try run(["-c", "-f", root.appendingPathComponent("examples/quickstart.cfg").path])
    #expect(outcome.status == 0, "\(outcome.standardError)")
  }
}
