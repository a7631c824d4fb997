/// The result of one check as HAProxy names it (the `check_status` column of the stats and the
/// `reason:` of the log lines). Ordered as HAProxy orders them: the statuses from `layer7OK`
/// on carry layer 5-7 data (a status code; for external checks the program's exit status),
/// the others do not. Immutable value; any thread.
public enum CheckStatus: Int, Sendable, Comparable, CaseIterable {
  /// `observe`: the traffic to the server had `error-limit` consecutive errors and `on-error`
  /// counted them as a failed check (HAProxy's `HANA`).
  case healthAnalyze
  case socketError
  case layer4OK
  case layer4Timeout
  case layer4ConnectionProblem
  case layer6OK
  case layer6Timeout
  case layer6InvalidResponse
  case layer7Timeout
  case layer7InvalidResponse
  case layer7OK
  case layer7ConditionallyOK
  case layer7WrongStatus
  /// An external check's program failed: a non-zero exit status (`code`), or -1 when it was
  /// killed by a signal.
  case externalError
  /// An external check's program did not exit in time (it is killed).
  case externalTimeout
  case externalOK

  public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Whether the server passed, passed conditionally (NOLB) or failed.
  public enum Verdict: Sendable, Equatable {
    case passed
    case conditionallyPassed
    case failed
  }

  public var verdict: Verdict {
    switch self {
    case .layer4OK, .layer6OK, .layer7OK, .externalOK: .passed
    case .layer7ConditionallyOK: .conditionallyPassed
    default: .failed
    }
  }

  /// The short name of the stats page (`L7STS`).
  public var name: String {
    switch self {
    case .healthAnalyze: "HANA"
    case .socketError: "SOCKERR"
    case .layer4OK: "L4OK"
    case .layer4Timeout: "L4TOUT"
    case .layer4ConnectionProblem: "L4CON"
    case .layer6OK: "L6OK"
    case .layer6Timeout: "L6TOUT"
    case .layer6InvalidResponse: "L6RSP"
    case .layer7Timeout: "L7TOUT"
    case .layer7InvalidResponse: "L7RSP"
    case .layer7OK: "L7OK"
    case .layer7ConditionallyOK: "L7OKC"
    case .layer7WrongStatus: "L7STS"
    case .externalError: "PROCERR"
    case .externalTimeout: "PROCTOUT"
    case .externalOK: "PROCOK"
    }
  }

  /// The words of the log lines (`Layer7 wrong status`).
  public var description: String {
    switch self {
    case .healthAnalyze: "Health analyze"
    case .socketError: "Socket error"
    case .layer4OK: "Layer4 check passed"
    case .layer4Timeout: "Layer4 timeout"
    case .layer4ConnectionProblem: "Layer4 connection problem"
    case .layer6OK: "Layer6 check passed"
    case .layer6Timeout: "Layer6 timeout"
    case .layer6InvalidResponse: "Layer6 invalid response"
    case .layer7Timeout: "Layer7 timeout"
    case .layer7InvalidResponse: "Layer7 invalid response"
    case .layer7OK: "Layer7 check passed"
    case .layer7ConditionallyOK: "Layer7 check conditionally passed"
    case .layer7WrongStatus: "Layer7 wrong status"
    case .externalError: "External check error"
    case .externalTimeout: "External check timeout"
    case .externalOK: "External check passed"
    }
  }

  /// Whether the status carries layer 5-7 data: the log line then shows `code: N`, and an
  /// agent's result changes the server's state (a connection failure to an agent does not).
  public var carriesData: Bool { self >= .layer7OK }

  /// The status of an `ok-status`, `error-status` or `tout-status` argument (`L7OKC`).
  public init?(name: String) {
    guard let status = CheckStatus.allCases.first(where: { $0.name == name }) else { return nil }
    self = status
  }
}
