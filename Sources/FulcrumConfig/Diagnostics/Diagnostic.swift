/// One message about a configuration: an alert (fatal), a warning, a notice or a diagnostic
/// (`-dD` only). Immutable value; used on any thread.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// Severity levels in HAProxy's vocabulary.
  public enum Severity: String, Sendable, Comparable {
    case diag = "DIAG"
    case notice = "NOTICE"
    case warning = "WARNING"
    case alert = "ALERT"

    private var rank: Int {
      switch self {
      case .diag: 0
      case .notice: 1
      case .warning: 2
      case .alert: 3
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  public var severity: Severity
  public var location: SourceLocation?
  public var message: String

  public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  /// The message with its location, without the severity tag:
  /// `parsing [haproxy.cfg:12] : unknown keyword 'foo' in 'frontend' section`.
  public var description: String {
    guard let location else { return message }
    return "parsing [\(location)] : \(message)"
  }

  /// The full line in HAProxy's shape: `[ALERT]    (1234) : config : parsing [f:1] : message`.
  public func rendered(pid: Int32) -> String {
    let tag = "[\(severity.rawValue)]"
    let padded = tag + String(repeating: " ", count: max(0, 10 - tag.count))
    return "\(padded) (\(pid)) : config : \(description)"
  }
}
