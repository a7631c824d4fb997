/// The health of every server of one backend, where the log lines are written: it counts the
/// usable active and backup servers after each change (`1 active and 0 backup servers left`)
/// and says when none is left. Receives the reports of the backend's check tasks, which may
/// run on other loops; loop-bound to one event loop, where `onChange` is called.
final class BackendHealthBoard {
  private let plan: BackendHealthPlan
  private let formatter: HealthLogFormatter
  private var targets: [ServerTarget]
  private let onChange: @Sendable (HealthChange) -> Void

  init(plan: BackendHealthPlan, onChange: @escaping @Sendable (HealthChange) -> Void) {
    self.plan = plan
    formatter = HealthLogFormatter(backend: plan.name, label: plan.label, logHealthChecks: plan.logHealthChecks)
    targets = plan.servers.map(\.initialTarget)
    self.onChange = onChange
  }

  /// Usable active and backup servers.
  var usableCounts: (active: Int, backup: Int) {
    var active = 0
    var backup = 0
    for (index, target) in targets.enumerated() where target.isUsable {
      if plan.servers[index].isBackup { backup += 1 } else { active += 1 }
    }
    return (active, backup)
  }

  func apply(_ report: ServerCheckReport) {
    let server = plan.servers[report.server]
    let before = usableCounts
    let previous = targets[report.server]
    targets[report.server] = report.target
    let after = usableCounts
    var lines = report.notes
    for event in report.events {
      lines += formatter.lines(
        for: event, name: server.name, backup: server.isBackup, active: after.active, backups: after.backup)
    }
    if before.active + before.backup > 0 && after.active + after.backup == 0 { lines.append(formatter.noServerLeft) }
    guard previous != report.target || !lines.isEmpty else { return }
    onChange(
      HealthChange(
        backend: plan.name, server: report.server, serverName: server.name, target: report.target,
        targetChanged: previous != report.target, displayedStatus: report.displayedStatus, lines: lines))
  }
}
