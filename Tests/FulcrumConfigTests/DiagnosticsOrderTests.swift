import FulcrumConfig
import FulcrumTestSupport
import Testing

/// One load reports every problem, in file order, whichever stage found it (reading, keyword
/// parsing, reference checks, host resolution, pending-keyword reports).
@Suite struct DiagnosticsOrderTests {
  static let broken = """
    global
      maxconn ${UNSET}10
      spread-checks 99
    defaults
      mode http
      timeout client 5s
      timeout connect 5s
      timeout server 5s
    frontend fe
      bind :80
      default_backend missing
      mdoe http
      description "unterminated
    backend be
      server s1 nowhere.invalid:80
      server s1 127.0.0.1:80
      timeout server 5x
    .if defined(X)
    """

  @Test func everyErrorOfAFileIsReportedInOneLoad() {
    let result = TestLoad.text(Self.broken)
    #expect(!result.isValid())
    let lines = result.diagnostics.alerts.compactMap { $0.location?.line }
    #expect(lines == [3, 11, 12, 13, 15, 16, 17, 18])
    #expect(result.diagnostics.alerts.allSatisfy { $0.location?.file == "t.cfg" })
  }

  @Test func diagnosticsFollowTheFileOrder() {
    let result = TestLoad.text(Self.broken)
    let located = result.diagnostics.all.compactMap(\.location)
    #expect(located.count == result.diagnostics.all.count)
    #expect(located.map(\.line) == located.map(\.line).sorted())
    #expect(
      result.warningTexts.first
        == "parsing [t.cfg:2] : environment variable 'UNSET' is not set; it expands to an empty string (set it, or give a default with '${UNSET-default}')"
    )
  }

  @Test func filesKeepTheOrderTheyWereGivenIn() throws {
    let directory = try TemporaryDirectory()
    let first = try directory.write("b.cfg", "global\n  nbthread 0\nbackend be\n  server s1 127.0.0.1:80 weight 999\n")
    let second = try directory.write("a.cfg", "frontend fe\n  bind :80\n  default_backend nope\n  bind :0\n")
    let result = TestLoad.paths([first, second])
    #expect(
      result.diagnostics.alerts.compactMap(\.location).map(\.description) == [
        "\(first):2", "\(first):4", "\(second):3", "\(second):4",
      ])
    let fromDirectory = TestLoad.paths([directory.path])
    #expect(fromDirectory.configuration.files == [second, first])
    #expect(fromDirectory.diagnostics.alerts.compactMap(\.location?.file) == [second, second, first, first])
  }
}
