import FulcrumConfig
import Testing

@Suite struct DiagnosticTests {
  @Test func rendersInHAProxyShape() {
    let d = Diagnostic(.alert, "unknown keyword 'foo' in 'frontend' section", at: .init(file: "a.cfg", line: 12))
    #expect(
      d.rendered(pid: 42)
        == "[ALERT]    (42) : config : parsing [a.cfg:12] : unknown keyword 'foo' in 'frontend' section")
    let w = Diagnostic(.warning, "something")
    #expect(w.rendered(pid: 7) == "[WARNING]  (7) : config : something")
  }

  @Test func collectsInOrderAndCountsSeverities() {
    var all = Diagnostics()
    all.warning("w1")
    all.alert("a1")
    all.notice("n1")
    #expect(all.all.map(\.message) == ["w1", "a1", "n1"])
    #expect(all.hasAlerts)
    #expect(all.alerts.count == 1)
    #expect(all.warnings.count == 1)
  }

  @Test func sortsByFileThenLineKeepingTheOrderAtOneLine() {
    var all = Diagnostics()
    all.alert("b3", at: .init(file: "b.cfg", line: 3))
    all.warning("a9", at: .init(file: "a.cfg", line: 9))
    all.alert("whole load")
    all.alert("a2 first", at: .init(file: "a.cfg", line: 2))
    all.warning("c1", at: .init(file: "c.cfg", line: 1))
    all.warning("a2 second", at: .init(file: "a.cfg", line: 2))
    all.alert("b1", at: .init(file: "b.cfg", line: 1))
    all.sortInFileOrder(["b.cfg", "a.cfg"])
    #expect(all.all.map(\.message) == ["whole load", "b1", "b3", "a2 first", "a2 second", "a9", "c1"])
  }
}
