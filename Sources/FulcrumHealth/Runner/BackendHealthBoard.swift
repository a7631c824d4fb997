/// The health of every server of one backend, where the log lines are written: it counts the
/// usable active and backup servers after each change (`1 active and 0 backup servers left`)
/// and says when none is left. Receives the reports of the backend's check tasks, which may
/// run on other loops, and keeps the servers with `track` following theirs: a server's change
/// of condition is passed to the boards of the servers tracking it. Loop-bound to one event
/// loop, where `onChange` is called.
final class BackendHealthBoard {
  /// A server of some backend that tracks one of this backend's servers.
  struct Follower: Sendable {
    var backend: String
    var server: Int
  }

  private let plan: BackendHealthPlan
  private let formatter: HealthLogFormatter
  private var targets: [ServerTarget]
  /// The last condition of each server, to pass on only changes.
  private var conditions: [TrackedCondition]
  /// The servers of this backend with `track`, by index.
  private var trackers: [Int: TrackingStateMachine] = [:]
  private let onChange: @Sendable (HealthChange) -> Void
  /// Per server, the servers tracking it; and how to reach their boards.
  private var followers: [[Follower]] = []
  private var deliver: (@Sendable (Follower, TrackedCondition) -> Void)?

  /// Moves the server's queues for its new target and tells its sessions and queue after.
  private let queueMoves: @Sendable (Int, ServerTarget) -> ServerQueueReport

  init(
    plan: BackendHealthPlan,
    queueMoves: @escaping @Sendable (Int, ServerTarget) -> ServerQueueReport = { _, _ in ServerQueueReport() },
    onChange: @escaping @Sendable (HealthChange) -> Void
  ) {
    self.plan = plan
    self.queueMoves = queueMoves
    formatter = HealthLogFormatter(backend: plan.name, label: plan.label, logHealthChecks: plan.logHealthChecks)
    targets = plan.servers.map(\.initialTarget)
    conditions = plan.servers.map(\.initialCondition)
    for (index, server) in plan.servers.enumerated() {
      guard let tracked = server.tracks else { continue }
      trackers[index] = TrackingStateMachine(
        via: tracked.description, weight: server.state.weight, isDisabled: server.isDisabled,
        initial: server.startsInMaintenance ? .disabled : .running, hasAgent: server.agent != nil)
    }
    self.onChange = onChange
  }

  /// Who follows this backend's servers, and how to tell them. On the board's loop.
  func connect(followers: [[Follower]], deliver: @escaping @Sendable (Follower, TrackedCondition) -> Void) {
    self.followers = followers
    self.deliver = deliver
  }

  /// The tracked server of `server` is now in `condition`.
  func follow(server: Int, condition: TrackedCondition) {
    guard var machine = trackers[server] else { return }
    let events = machine.follow(condition)
    trackers[server] = machine
    publish(
      ServerCheckReport(
        server: server, target: machine.target, events: events, displayedStatus: machine.displayedStatus, notes: [],
        condition: machine.condition, weight: machine.weight))
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

  /// A check task's report. For a server with `track`, it comes from its own agent and is
  /// combined with what it follows.
  func apply(_ report: ServerCheckReport) {
    guard var machine = trackers[report.server] else {
      publish(report)
      return
    }
    let events = machine.agentReported(report.condition, weight: report.weight, events: report.events)
    trackers[report.server] = machine
    publish(
      ServerCheckReport(
        server: report.server, target: machine.target, events: events, displayedStatus: machine.displayedStatus,
        notes: report.notes, condition: machine.condition, weight: machine.weight))
  }

  private func publish(_ report: ServerCheckReport) {
    defer { passOn(report.condition, of: report.server) }
    let server = plan.servers[report.server]
    let before = usableCounts
    let previous = targets[report.server]
    targets[report.server] = report.target
    let after = usableCounts
    // The queues move before the line is written, so it can say what moved.
    let queue = queueMoves(report.server, report.target)
    var lines = report.notes
    for event in report.events {
      lines += formatter.lines(
        for: event, name: server.name, backup: server.isBackup, active: after.active, backups: after.backup,
        queue: queue)
    }
    if before.active + before.backup > 0 && after.active + after.backup == 0 { lines.append(formatter.noServerLeft) }
    guard previous != report.target || !lines.isEmpty else { return }
    onChange(
      HealthChange(
        backend: plan.name, server: report.server, serverName: server.name, target: report.target,
        targetChanged: previous != report.target, displayedStatus: report.displayedStatus, lines: lines))
  }

  private func passOn(_ condition: TrackedCondition, of server: Int) {
    guard conditions[server] != condition else { return }
    conditions[server] = condition
    guard let deliver, server < followers.count else { return }
    for follower in followers[server] { deliver(follower, condition) }
  }
}
