import FulcrumConfig
import FulcrumTestSupport
import Testing

/// `crt-base`/`ca-base` path prefixing, and servers naming a resolvers section.
@Suite struct BasePathAndResolverTests {
  let loader = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: ["app.local": ["192.0.2.10"]]))

  @Test func crtBaseAndCABasePrefixRelativePaths() {
    let result = loader.load(
      text: """
        global
            crt-base /etc/ssl/private
            ca-base /etc/ssl/certs
        frontend fe
            bind :443 ssl crt site.pem crt /abs/other.pem ca-file ca.pem
        backend be
            server s1 192.0.2.1:443 ssl crt client.pem ca-file ca.pem verify required

        """)
    let frontend = result.configuration.proxy(named: "fe")
    #expect(frontend?.binds.first?.certificates == ["/etc/ssl/private/site.pem", "/abs/other.pem"])
    #expect(frontend?.binds.first?.caFile == "/etc/ssl/certs/ca.pem")
    let server = result.configuration.backend(named: "be")?.servers.first
    #expect(server?.options.certificate == "/etc/ssl/private/client.pem")
    #expect(server?.options.caFile == "/etc/ssl/certs/ca.pem")
  }

  @Test func serverResolversOptionIsRejectedWithAdvice() {
    let result = loader.load(
      text: """
        backend be
            server s1 app.local:80 resolvers dns check

        """)
    #expect(!result.isValid())
    #expect(
      result.diagnostics.alerts.contains {
        $0.description.contains("parsing [haproxy.cfg:2]") && $0.message.contains("'resolvers dns'")
      })
  }

  @Test func hostNamesResolveThroughTheInjectedResolver() {
    let result = loader.load(text: "backend be\n    server s1 app.local:80\n")
    #expect(result.configuration.backend(named: "be")?.servers.first?.resolvedAddresses == ["192.0.2.10"])
    let failing = loader.load(text: "backend be\n    server s1 nowhere.local:80\n")
    #expect(failing.diagnostics.alerts.contains { $0.message.contains("nowhere.local") })
    let tolerated = loader.load(text: "backend be\n    server s1 nowhere.local:80 init-addr last,libc,none\n")
    #expect(!tolerated.diagnostics.hasAlerts)
  }

  /// `-dr`: as if every server's `init-addr` ended with `none`.
  @Test func ignoringResolutionFailuresLeavesTheServerWithoutAnAddress() {
    var ignoring = loader
    ignoring.ignoresResolutionFailures = true
    let result = ignoring.load(text: "backend be\n    server s1 nowhere.local:80\n    server s2 app.local:80\n")
    #expect(!result.diagnostics.hasAlerts)
    let servers = result.configuration.backend(named: "be")?.servers ?? []
    #expect(servers.map(\.resolvedAddresses) == [[], ["192.0.2.10"]])
  }
}
