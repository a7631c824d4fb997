import FulcrumConfig
import FulcrumHealth
import FulcrumTestSupport
import NIOCore
import Testing

/// `option external-check` compiled: the arguments and environment HAProxy 2.6 gives the
/// program (recorded with `haproxy -db` and a script printing them), the bound, the search of
/// the command, and how endings read as check outcomes.
@Suite struct ExternalCheckPlanTests {
  static func plans(_ text: String) throws -> [String: ServerHealthPlan] {
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    #expect(!loaded.diagnostics.hasAlerts, "\(loaded.diagnostics.alerts)")
    let configuration = loaded.configuration
    let identifiers = configuration.proxyIdentifiers
    var plans: [String: ServerHealthPlan] = [:]
    for (index, proxy) in configuration.proxies.enumerated() where proxy.hasBackend {
      let plan = try HealthPlanBuilder(
        backend: proxy, global: configuration.global, proxyIdentifier: identifiers[index]
      ).build()
      for server in plan.servers { plans[server.name] = server }
    }
    return plans
  }

  static let header = """
    global
        external-check
        insecure-fork-wanted
    defaults
        mode tcp
        timeout connect 1s
        timeout client 5s
        timeout server 5s
        option external-check
        external-check command /bin/check

    """

  @Test func argumentsAndEnvironmentOfAListenSectionAndABackend() throws {
    let plans = try Self.plans(
      Self.header + """
        frontend f
            bind 127.0.0.1:8000
            default_backend web
        backend web
            mode http
            external-check path /usr/bin:/bin
            server s1 [::1]:83 check ssl verify none maxconn 7
            server s2 /run/app.sock check id 1
            server s3 127.0.0.1 check port 85 proto h2
        listen relay
            bind :::8443 v4v6
            bind /run/relay.sock
            server s4 10.0.0.1:+1000 check addr 127.0.0.9 port 99
        listen local
            id 7
            bind /run/local.sock
            bind 127.0.0.1:9000
            server s5 10.0.0.2:80 check

        """)
    let s1 = try #require(plans["s1"]?.externalCheck)
    #expect(s1.command == "/bin/check")
    #expect(s1.arguments == ["NOT_USED", "NOT_USED", "::1", "83"])
    #expect(
      s1.environment == [
        "PATH=/usr/bin:/bin", "HAPROXY_PROXY_NAME=web", "HAPROXY_PROXY_ID=2", "HAPROXY_PROXY_ADDR=",
        "HAPROXY_PROXY_PORT=", "HAPROXY_SERVER_NAME=s1", "HAPROXY_SERVER_ID=2", "HAPROXY_SERVER_ADDR=::1",
        "HAPROXY_SERVER_PORT=83", "HAPROXY_SERVER_MAXCONN=7", "HAPROXY_SERVER_CURCONN=0", "HAPROXY_SERVER_SSL=1",
        "HAPROXY_SERVER_PROTO=h1",
      ])
    // At each run the server's sessions at that moment replace the 0 of the plan.
    let running = s1.withCurrentSessions(12).environment
    #expect(running.contains("HAPROXY_SERVER_CURCONN=12"))
    #expect(running.filter { $0.hasPrefix("HAPROXY_SERVER_CURCONN=") }.count == 1)
    #expect(running.count == s1.environment.count)
    #expect(s1.searchPath == "/usr/bin:/bin")
    #expect(!s1.preservesEnvironment && s1.processCreationAllowed && !s1.privilegeGainAllowed)
    let s2 = try #require(plans["s2"]?.externalCheck)
    #expect(s2.arguments == ["NOT_USED", "NOT_USED", "/run/app.sock", "NOT_USED"])
    #expect(s2.environment.contains("HAPROXY_SERVER_PORT="))
    #expect(s2.environment.contains("HAPROXY_SERVER_ID=1"))
    let s3 = try #require(plans["s3"]?.externalCheck)
    // No port on the server line: HAProxy passes 0, whatever `port` the check uses.
    #expect(s3.arguments == ["NOT_USED", "NOT_USED", "127.0.0.1", "0"])
    #expect(s3.environment.contains("HAPROXY_SERVER_PROTO=h2"))
    // s2's `id 1` pushes s1 to 2 and the servers after keep the shift: s3 gets 4 (haproxy 2.6
    // numbers three servers of this shape 2, 1, 4).
    #expect(s3.environment.contains("HAPROXY_SERVER_ID=4"))
    let s4 = try #require(plans["s4"]?.externalCheck)
    #expect(s4.arguments == ["::", "8443", "10.0.0.1", "1000"])
    #expect(s4.environment.contains("HAPROXY_PROXY_ID=3"))
    #expect(s4.environment.contains("HAPROXY_SERVER_PROTO=tcp"))
    #expect(s4.environment.contains("PATH="))
    let s5 = try #require(plans["s5"]?.externalCheck)
    #expect(s5.arguments == ["/run/local.sock", "NOT_USED", "10.0.0.2", "80"])
    #expect(s5.environment.contains("HAPROXY_PROXY_ADDR=/run/local.sock"))
    #expect(s5.environment.contains("HAPROXY_PROXY_PORT="))
    #expect(s5.environment.contains("HAPROXY_PROXY_ID=7"))
    // Not a connection check: no script.
    #expect(plans["s5"]?.healthCheck == nil)
    #expect(plans["s5"]?.isChecked == true)
  }

  @Test func globalSettingsReachThePlan() throws {
    let plans = try Self.plans(
      """
      global
          external-check preserve-env
          insecure-setuid-wanted
          quiet
      defaults
          mode tcp
          timeout connect 1s
          timeout client 5s
          timeout server 5s
      backend be
          option external-check
          external-check command check
          external-check path /opt/checks
          server s1 10.0.0.1:80 check

      """)
    let plan = try #require(plans["s1"]?.externalCheck)
    #expect(plan.preservesEnvironment)
    #expect(plan.privilegeGainAllowed)
    #expect(!plan.processCreationAllowed)
    #expect(plan.silencesStandardStreams)
    #expect(plan.candidates == ["/opt/checks/check"])
  }

  @Test func boundIsInterOrTheConnectTimeoutWithTimeoutCheck() throws {
    func bound(_ lines: String) throws -> TimeAmount? {
      try Self.plans(
        Self.header + "backend be\n" + lines + "\n    server s1 10.0.0.1:80 check inter 3s\n"
      )["s1"]?.externalCheck?.bound
    }
    #expect(try bound("    timeout connect 500ms") == .seconds(3))
    #expect(try bound("    timeout connect 500ms\n    timeout check 10s") == .milliseconds(500))
    #expect(try bound("    timeout connect 5s\n    timeout check 700ms") == .seconds(3))
  }

  @Test func environmentWithPreserveEnvReplacesOwnNames() {
    var plan = ExternalCheckPlan(
      command: "check", arguments: [], environment: ["PATH=", "HAPROXY_SERVER_NAME=s1"], searchPath: "",
      preservesEnvironment: false, processCreationAllowed: true, privilegeGainAllowed: false,
      silencesStandardStreams: false, bound: .seconds(1))
    let inherited = ["HOME=/root", "PATH=/usr/bin", "HAPROXY_SERVER_NAME=old", "EMPTY="]
    #expect(plan.programEnvironment(inherited: inherited) == ["PATH=", "HAPROXY_SERVER_NAME=s1"])
    plan.preservesEnvironment = true
    #expect(
      plan.programEnvironment(inherited: inherited) == ["HOME=/root", "EMPTY=", "PATH=", "HAPROXY_SERVER_NAME=s1"])
  }

  @Test func commandIsSearchedAsExecvpDoes() {
    var plan = ExternalCheckPlan(
      command: "check.sh", arguments: [], environment: [], searchPath: "/usr/bin::/opt/", preservesEnvironment: false,
      processCreationAllowed: true, privilegeGainAllowed: false, silencesStandardStreams: false, bound: .seconds(1))
    #expect(plan.candidates == ["/usr/bin/check.sh", "check.sh", "/opt/check.sh"])
    plan.command = "./check.sh"
    #expect(plan.candidates == ["./check.sh"])
    plan.command = "/bin/true"
    #expect(plan.candidates == ["/bin/true"])
  }

  @Test func endingsReadAsHAProxyReportsThem() {
    func reason(_ ending: ExternalCheckExit.Ending) -> String {
      ExternalCheckExit(ending, duration: .milliseconds(8)).outcome.reason
    }
    #expect(reason(.exited(0)) == "reason: External check passed, code: 0, check duration: 8ms")
    #expect(reason(.exited(3)) == "reason: External check error, code: 3, check duration: 8ms")
    #expect(reason(.signalled(9)) == "reason: External check error, code: -1, check duration: 8ms")
    #expect(reason(.timedOut) == "reason: External check timeout, code: 0, check duration: 8ms")
    #expect(reason(.notExecuted(2)) == "reason: External check error, code: 255, check duration: 8ms")
    #expect(
      reason(.notCreated(11)) == "reason: Socket error, info: \"Resource temporarily unavailable\", check duration: 8ms"
    )
    #expect(ExternalCheckExit(.exited(0), duration: .zero).outcome.status.verdict == .passed)
    #expect(ExternalCheckExit(.timedOut, duration: .zero).outcome.status.name == "PROCTOUT")
    #expect(
      ExternalCheckExit(.notExecuted(2), duration: .zero).alert
        == "Failed to exec process for external health check: No such file or directory. Aborting.")
    #expect(ExternalCheckExit(.exited(1), duration: .zero).alert == nil)
  }

  @Test func refusals() throws {
    func refusal(_ server: String) -> String {
      do {
        _ = try Self.plans(Self.header + "backend be\n    \(server)\n")
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(refusal("server s1 10.0.0.1 check").contains("'port'"))
    #expect(refusal("server s1 10.0.0.1 check port 80") == "")
    #expect(refusal("server s1 10.0.0.1:80") == "")
  }
}
