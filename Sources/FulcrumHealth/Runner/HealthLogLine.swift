/// One line about a server's health, worded as HAProxy 2.6 writes it (`Server be/s1 is DOWN,
/// reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active
/// and 0 backup servers left.`), with its severity. Immutable value; any thread.
public struct HealthLogLine: Sendable, Equatable, CustomStringConvertible {
  public enum Level: String, Sendable, Equatable {
    /// `option log-health-checks` lines (HAProxy logs them, it does not print them).
    case info = "INFO"
    /// State changes.
    case warning = "WARNING"
    /// `backend 'be' has no server available!`.
    case alert = "ALERT"
  }

  public var level: Level
  public var text: String

  public init(_ level: Level, _ text: String) {
    self.level = level
    self.text = text
  }

  public var description: String { text }
}

/// Words the log lines of one backend's servers. A line about a server leaving or joining the
/// servers in use ends, as HAProxy's do, with its sessions and queue (`ServerQueueReport`):
/// `N sessions active, N requeued, N remaining in queue` going down, `N sessions requeued, N
/// total in queue` coming up. Pure; any thread.
struct HealthLogFormatter {
  let backend: String
  let label: String
  let logHealthChecks: Bool

  func server(_ name: String, backup: Bool) -> String {
    "\(backup ? "Backup " : "")Server \(backend)/\(name)"
  }

  static func online(_ active: Int, _ backup: Int, _ queue: ServerQueueReport) -> String {
    "\(active) active and \(backup) backup servers online.\(active == 0 && backup > 0 ? " Running on backup." : "")"
      + " \(queue.requeued) sessions requeued, \(queue.queued) total in queue."
  }

  static func left(_ active: Int, _ backup: Int, _ queue: ServerQueueReport) -> String {
    "\(active) active and \(backup) backup servers left.\(active == 0 && backup > 0 ? " Running on backup." : "")"
      + " \(queue.active) sessions active, \(queue.requeued) requeued, \(queue.queued) remaining in queue."
  }

  /// The lines for `event` of server `name`, with the backend's usable servers counted after it
  /// and the server's sessions and queue after the change.
  func lines(
    for event: HealthEvent, name: String, backup: Bool, active: Int, backups: Int, queue: ServerQueueReport
  ) -> [HealthLogLine] {
    let server = server(name, backup: backup)
    switch event {
    case .checkReported(let outcome, let health):
      guard logHealthChecks else { return [] }
      let verb: String
      switch outcome.status.verdict {
      case .passed: verb = "succeeded"
      case .conditionallyPassed: verb = "conditionally succeeded"
      case .failed: verb = "failed"
      }
      return [
        HealthLogLine(
          .info,
          "Health check for \(backup ? "backup " : "")server \(backend)/\(name) \(verb), \(outcome.reason), status: \(health)."
        )
      ]
    case .wentDown(let outcome):
      let reason = logHealthChecks && outcome.agentReply == nil ? "" : ", \(outcome.reason)"
      return [HealthLogLine(.warning, "\(server) is DOWN\(reason). \(Self.left(active, backups, queue))")]
    case .wentUp(let outcome):
      let reason = logHealthChecks && outcome.agentReply == nil ? "" : ", \(outcome.reason)"
      return [HealthLogLine(.warning, "\(server) is UP\(reason). \(Self.online(active, backups, queue))")]
    case .startedStopping(let outcome):
      return [
        HealthLogLine(.warning, "\(server) is stopping, \(outcome.reason). \(Self.online(active, backups, queue))")
      ]
    case .enteredDrain:
      return [HealthLogLine(.warning, "\(server) enters drain state. \(Self.online(active, backups, queue))")]
    case .remainedInDrain:
      return [HealthLogLine(.warning, "\(server) remains in forced drain mode.")]
    case .leftDrain:
      return [HealthLogLine(.warning, "\(server) is UP (leaving forced drain).")]
    case .enteredMaintenance:
      return [HealthLogLine(.warning, "\(server) is going DOWN for maintenance. \(Self.left(active, backups, queue))")]
    case .leftMaintenance:
      return [HealthLogLine(.warning, "\(server) is UP/READY (leaving forced maintenance).")]
    case .tracked(let transition, let via):
      return [
        HealthLogLine(
          .warning,
          Self.followed(transition, server: server, via: via, active: active, backups: backups, queue: queue))
      ]
    }
  }

  /// A tracking server's line, as haproxy 2.6 words it (`Server a/a1 is DOWN via b/b1. ...`).
  static func followed(
    _ transition: TrackedTransition, server: String, via: String, active: Int, backups: Int,
    queue: ServerQueueReport
  )
    -> String
  {
    switch transition {
    case .wentDown: "\(server) is DOWN via \(via). \(left(active, backups, queue))"
    case .wentUp: "\(server) is UP via \(via). \(online(active, backups, queue))"
    case .startedStopping: "\(server) is stopping via \(via). \(online(active, backups, queue))"
    case .enteredDrain: "\(server) enters drain state via \(via). \(online(active, backups, queue))"
    case .leftDrain: "\(server) is UP (leaving forced drain)."
    case .enteredMaintenance: "\(server) is going DOWN for maintenance via \(via). \(left(active, backups, queue))"
    case .leftMaintenance(let draining): "\(server) is UP/\(draining ? "DRAIN" : "READY") (leaving maintenance)."
    }
  }

  /// `backend 'be' has no server available!`.
  var noServerLeft: HealthLogLine { HealthLogLine(.alert, "\(label) '\(backend)' has no server available!") }
}
