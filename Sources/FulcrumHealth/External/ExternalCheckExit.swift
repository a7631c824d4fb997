#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one run of an external check's program ended, and how long it took from the start of
/// the check. Immutable value; any thread.
public struct ExternalCheckExit: Sendable, Equatable {
  public enum Ending: Sendable, Equatable {
    /// The program exited with this status.
    case exited(Int32)
    /// A signal ended the program.
    case signalled(Int32)
    /// It overran its bound and was killed with its process group.
    case timedOut
    /// The program could not be executed (errno of the exec: not found, not executable).
    case notExecuted(Int32)
    /// No process could be created (errno of the spawn, or of the no-new-privileges setting).
    case notCreated(Int32)
    /// `insecure-fork-wanted` is not set, so no process was created.
    case creationForbidden
  }

  public var ending: Ending
  public var duration: Duration

  public init(_ ending: Ending, duration: Duration) {
    self.ending = ending
    self.duration = duration
  }

  /// The check's outcome as HAProxy 2.6 reports it: `PROCOK` for exit status 0, `PROCERR` with
  /// the status as the code (-1 for a signal, 255 for a program that could not be executed,
  /// the status HAProxy's child exits with), `PROCTOUT` with code 0, and a socket error with
  /// the system's words when no process could be created.
  public var outcome: CheckOutcome {
    switch ending {
    case .exited(0): CheckOutcome(status: .externalOK, duration: duration)
    case .exited(let status): CheckOutcome(status: .externalError, code: Int(status), duration: duration)
    case .signalled: CheckOutcome(status: .externalError, code: -1, duration: duration)
    case .timedOut: CheckOutcome(status: .externalTimeout, code: 0, duration: duration)
    case .notExecuted: CheckOutcome(status: .externalError, code: 255, duration: duration)
    case .notCreated(let error):
      CheckOutcome(status: .socketError, info: String(cString: strerror(error)), duration: duration)
    case .creationForbidden:
      CheckOutcome(status: .socketError, info: "process creation not allowed", duration: duration)
    }
  }

  /// The alert to log for a program that did not run (HAProxy's wording where it has one).
  public var alert: String? {
    switch ending {
    case .notExecuted(let error):
      "Failed to exec process for external health check: \(String(cString: strerror(error))). Aborting."
    case .notCreated(let error):
      "Failed to fork process for external health check: \(String(cString: strerror(error))). Aborting."
    case .creationForbidden:
      "External health check not started: 'insecure-fork-wanted' is not set in the global section, and without it Fulcrum creates no process."
    default: nil
    }
  }
}
