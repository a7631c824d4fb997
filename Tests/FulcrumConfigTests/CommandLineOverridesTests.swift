import FulcrumConfig
import Testing

/// `-n`, `-N` and `-dI` change the loaded configuration as HAProxy's command line does.
@Suite struct CommandLineOverridesTests {
  static let text =
    TestLoad.httpDefaults + """
      global
        maxconn 500
      frontend own
        bind 127.0.0.1:8080
        maxconn 50
        default_backend app
      frontend inherits
        bind 127.0.0.1:8081
        default_backend app
      backend app
        server s1 127.0.0.1:9000

      """

  @Test func nothingChangesWithoutFlags() {
    var configuration = TestLoad.text(Self.text).configuration
    let before = configuration
    CommandLineOverrides().apply(to: &configuration)
    #expect(configuration.global.maxconn == before.global.maxconn)
    #expect(configuration.proxies.map(\.maxconn) == before.proxies.map(\.maxconn))
    #expect(!configuration.global.insecureForkWanted)
  }

  @Test func minusNWinsOverTheGlobalMaxconnAndCapitalNFillsProxiesWithoutOne() {
    var configuration = TestLoad.text(Self.text).configuration
    CommandLineOverrides(globalMaxconn: 20, defaultProxyMaxconn: 7, insecureFork: true).apply(to: &configuration)
    #expect(configuration.global.maxconn == 20)
    #expect(configuration.proxies.first { $0.name == "own" }?.maxconn == 50)
    #expect(configuration.proxies.first { $0.name == "inherits" }?.maxconn == 7)
    #expect(configuration.global.insecureForkWanted)
  }
}
