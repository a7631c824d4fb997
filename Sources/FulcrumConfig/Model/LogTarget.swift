/// One `log` line: `log global`, or `log <target> [len N] [format F] [sample R:S] <facility>
/// [level [minlevel]]`. Immutable value.
public enum LogTarget: Sendable, Equatable {
  /// `log global`: use the global section's log targets.
  case global
  case target(Destination)

  public struct Destination: Sendable, Equatable {
    /// The address as written (`127.0.0.1:514`, `/dev/log`, `stdout`, `ring@name`...).
    public var address: String
    public var maxLength: Int?
    public var format: String?
    public var sample: String?
    public var facility: String
    public var level: String?
    public var minimumLevel: String?

    public init(address: String, facility: String) {
      self.address = address
      self.facility = facility
    }
  }

  static let facilities: Set<String> = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
    "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
  ]
  static let levels: Set<String> = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]
  static let formats: Set<String> = ["local", "rfc3164", "rfc5424", "priority", "short", "timed", "iso", "raw"]
}
