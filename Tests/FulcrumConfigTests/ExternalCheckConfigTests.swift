import FulcrumConfig
import Testing

/// `option external-check` and its global keywords: what HAProxy 2.6's `-c` refuses or warns
/// about (measured on small configurations), here with the line; and the numbers HAProxy
/// gives proxies and servers without `id`.
@Suite struct ExternalCheckConfigTests {
  static let defaults = """
    defaults
        mode tcp
        timeout connect 1s
        timeout client 5s
        timeout server 5s

    """

  @Test func completeConfigurationIsQuietAndActedOn() {
    let result = TestLoad.text(
      """
      global
          external-check
          insecure-fork-wanted
          insecure-setuid-wanted
      \(Self.defaults)backend be
          option external-check
          external-check command check.sh
          external-check path "/usr/bin:/bin"
          server s1 127.0.0.1:80 check

      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.diagnostics.warnings.isEmpty, "\(result.diagnostics.warnings)")
    let global = result.configuration.global
    #expect(global.externalCheck && global.insecureForkWanted && global.insecureSetuidWanted)
    #expect(!global.externalCheckPreservesEnvironment)
    let backend = result.configuration.backend(named: "be")
    #expect(backend?.healthCheck.probe == .external)
    #expect(backend?.healthCheck.externalCommand == "check.sh")
    #expect(backend?.healthCheck.externalPath == "/usr/bin:/bin")
  }

  @Test func missingPiecesAreAlertsWithTheirLines() {
    let result = TestLoad.text(
      """
      \(Self.defaults)backend a
          option external-check
          server s1 127.0.0.1:80
      backend b
          option external-check
          external-check command check.sh
          server s1 127.0.0.1:80

      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : backend 'a': 'option external-check' needs 'external-check' in the global section, which allows check programs",
        "parsing [t.cfg:7] : backend 'a': 'option external-check' needs 'external-check command' naming the program to run",
        "parsing [t.cfg:10] : backend 'b': 'option external-check' needs 'external-check' in the global section, which allows check programs",
        "parsing [t.cfg:11] : backend 'b': 'external-check command check.sh' does not have a leading '/' and 'external-check path' is not set: give the full path, or set the path to search",
      ])
    #expect(
      result.warningTexts.contains(
        "parsing [t.cfg:7] : backend 'a': 'insecure-fork-wanted' not enabled in the global section, 'option external-check' will fail: without it no check program is started"
      ))
  }

  @Test func globalKeywordsAsHAProxy26TakesThem() {
    let result = TestLoad.text(
      """
      global
          external-check preserve-env
          insecure-fork-wanted
          no insecure-fork-wanted
          insecure-setuid-wanted
          no insecure-setuid-wanted
          external-check bogus

      """)
    #expect(result.configuration.global.externalCheckPreservesEnvironment)
    #expect(!result.configuration.global.insecureForkWanted)
    #expect(result.configuration.global.insecureSetuidWanted)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:6] : 'no insecure-setuid-wanted' is not supported: in 'global', only 'insecure-fork-wanted' can be negated; remove the line",
        "parsing [t.cfg:7] : 'external-check' cannot handle unexpected argument 'bogus': only 'preserve-env' is accepted",
      ])
  }

  @Test func defaultsCarryTheOptionToBackends() {
    let result = TestLoad.text(
      """
      global
          external-check
          insecure-fork-wanted
      defaults
          mode tcp
          timeout connect 1s
          timeout client 5s
          timeout server 5s
          option external-check
          external-check command /bin/true
      backend be
          server s1 127.0.0.1:80 check

      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.configuration.backend(named: "be")?.healthCheck.externalCommand == "/bin/true")
  }

  @Test func identifiersAreNumberedAsHAProxyNumbersThem() {
    // haproxy 2.6: servers s2 (auto), s3 (id 1), s4 (auto) get 2, 1, 4; proxies f (id 2),
    // b1, b2 get 2, 3, 4.
    #expect(IdentifierNumbering.assign([nil, 1, nil]) == [2, 1, 4])
    #expect(IdentifierNumbering.assign([2, nil, nil]) == [2, 3, 4])
    #expect(IdentifierNumbering.assign([nil, nil, 7, nil, nil]) == [1, 2, 7, 4, 5])
    #expect(IdentifierNumbering.assign([]) == [])
  }
}
