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

/// Words the log lines of one backend's servers. HAProxy ends its lines with the sessions that
/// were moved or are queued; this build has no queue, so it says `0 sessions requeued, 0 total
/// in queue` where HAProxy would, and leaves out the `N sessions active` it cannot count across
/// event loops. Pure; any thread.
struct HealthLogFormatter {
  let backend: String
  let label: String
  let logHealthChecks: Bool

  func server(_ name: String, backup: Bool) -> String {
    "\(backup ? "Backup " : "")Server \(backend)/\(name)"
  }

  static func online(_ active: Int, _ backup: Int) -> String {
    "\(active) active and \(backup) backup servers online. 0 sessions requeued, 0 total in queue."
  }

  static func left(_ active: Int, _ backup: Int) -> String {
    "\(active) active and \(backup) backup servers left.\(active == 0 && backup > 0 ? " Running on backup." : "")"
  }

  /// The lines for `event` of server `name`, with the backend's usable servers counted after it.
  func lines(for event: HealthEvent, name: String, backup: Bool, active: Int, backups: Int) -> [HealthLogLine] {
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
      return [HealthLogLine(.warning, "\(server) is DOWN\(reason). \(Self.left(active, backups))")]
    case .wentUp(let outcome):
      let reason = logHealthChecks && outcome.agentReply == nil ? "" : ", \(outcome.reason)"
      return [HealthLogLine(.warning, "\(server) is UP\(reason). \(Self.online(active, backups))")]
    case .startedStopping(let outcome):
      return [HealthLogLine(.warning, "\(server) is stopping, \(outcome.reason). \(Self.online(active, backups))")]
    case .enteredDrain:
      return [HealthLogLine(.warning, "\(server) enters drain state. \(Self.online(active, backups))")]
    case .remainedInDrain:
      return [HealthLogLine(.warning, "\(server) remains in forced drain mode.")]
    case .leftDrain:
      return [HealthLogLine(.warning, "\(server) is UP (leaving forced drain).")]
    case .enteredMaintenance:
      return [HealthLogLine(.warning, "\(server) is going DOWN for maintenance. \(Self.left(active, backups))")]
    case .leftMaintenance:
      return [HealthLogLine(.warning, "\(server) is UP/READY (leaving forced maintenance).")]
    case .tracked(let transition, let via):
      return [
        HealthLogLine(.warning, Self.followed(transition, server: server, via: via, active: active, backups: backups))
      ]
    }
  }

  /// A tracking server's line, as haproxy 2.6 words it (`Server a/a1 is DOWN via b/b1. ...`).
  static func followed(
    _ transition: TrackedTransition, server: String, via: String, active: Int, backups: Int
  )
    -> String
  {
    switch transition {
    case .wentDown: "\(server) is DOWN via \(via). \(left(active, backups))"
    case .wentUp: "\(server) is UP via \(via). \(online(active, backups))"
    case .startedStopping: "\(server) is stopping via \(via). \(online(active, backups))"
    case .enteredDrain: "\(server) enters drain state via \(via). \(online(active, backups))"
    case .leftDrain: "\(server) is UP (leaving forced drain)."
    case .enteredMaintenance: "\(server) is going DOWN for maintenance via \(via). \(left(active, backups))"
    case .leftMaintenance(let draining): "\(server) is UP/\(draining ? "DRAIN" : "READY") (leaving maintenance)."
    }
  }

  /// `backend 'be' has no server available!`.
  var noServerLeft: HealthLogLine { HealthLogLine(.alert, "\(label) '\(backend)' has no server available!") }
}
