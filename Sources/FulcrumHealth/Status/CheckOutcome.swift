/// What one health check or agent check found: its status, the status code (HTTP status,
/// SMTP reply code, 0 for the others), a short explanation, and how long it took. Immutable
/// value; any thread.
public struct CheckOutcome: Sendable, Equatable {
  public var status: CheckStatus
  public var code: Int
  /// HAProxy's `info` (the HTTP reason phrase of a wrong status, the errno text of a failed
  /// connection, `via agent : down`); nil when there is none.
  public var info: String?
  public var duration: Duration
  /// For a 404 that `http-check disable-on-404` turned into a conditional pass: the `info` the
  /// check reports instead when the server is not running (it then counts as a wrong status).
  public var infoIfNotRunning: String?
  /// The reply of an agent, when this is an agent check that read one.
  public var agentReply: AgentReply?

  public init(
    status: CheckStatus, code: Int = 0, info: String? = nil, duration: Duration = .zero,
    infoIfNotRunning: String? = nil, agentReply: AgentReply? = nil
  ) {
    self.status = status
    self.code = code
    self.info = info
    self.duration = duration
    self.infoIfNotRunning = infoIfNotRunning
    self.agentReply = agentReply
  }

  /// The same outcome counted as a wrong status: a 404 under `disable-on-404` on a server that
  /// is not running.
  var asWrongStatus: CheckOutcome {
    var outcome = self
    outcome.status = .layer7WrongStatus
    outcome.info = infoIfNotRunning
    outcome.infoIfNotRunning = nil
    return outcome
  }

  /// The failed check `on-error` counts when observed traffic had `count` consecutive errors,
  /// the last one described by `last` (`Wrong http response`), worded as HAProxy 2.6 words it.
  public static func observedErrors(count: Int, last: String) -> CheckOutcome {
    CheckOutcome(status: .healthAnalyze, info: "Detected \(count) consecutive errors, last one was: \(last)")
  }

  /// `reason: Layer7 wrong status, code: 500, info: "X", check duration: 4ms`, as in HAProxy's
  /// log lines.
  public var reason: String {
    var text = "reason: \(status.description)"
    if status.carriesData { text += ", code: \(code)" }
    if let info, !info.isEmpty { text += ", info: \"\(info)\"" }
    // An outcome of observed traffic took no check time: HAProxy prints no duration for it.
    if status != .healthAnalyze { text += ", check duration: \(Self.milliseconds(duration))ms" }
    return text
  }

  static func milliseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
