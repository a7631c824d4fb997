/// `retry-on`: which failures of an exchange are retried (on a new connection, within
/// `retries`), as HAProxy's keywords define them. `conn-failure` alone is the default; `none`
/// retries nothing. A failure after the request was sent is retried only when nothing of the
/// response reached the client yet and the request had no body, since Fulcrum keeps only the
/// head to send again. Immutable value; any thread.
public struct HTTPRetryPolicy: Sendable, Equatable {
  public var connectionFailure = true
  /// The server closed before any response byte.
  public var emptyResponse = false
  /// The response head could not be parsed.
  public var junkResponse = false
  /// `timeout server` ran out before any response byte.
  public var responseTimeout = false
  /// Final statuses that make the response discarded and the request sent again.
  public var statuses: Set<Int> = []

  public init() {}

  /// The policy `retry-on WORDS` describes; an empty list is the default.
  public init(keywords: [String]) {
    guard !keywords.isEmpty else { return }
    connectionFailure = false
    for word in keywords {
      switch word {
      case "none":
        self = HTTPRetryPolicy()
        connectionFailure = false
      case "conn-failure": connectionFailure = true
      case "empty-response": emptyResponse = true
      case "junk-response": junkResponse = true
      case "response-timeout": responseTimeout = true
      case "all-retryable-errors":
        connectionFailure = true
        emptyResponse = true
        junkResponse = true
        responseTimeout = true
        statuses.formUnion([500, 502, 503, 504])
      default:
        // `0rtt-rejected` concerns TLS early data, which this build does not accept.
        if let status = Int(word) { statuses.insert(status) }
      }
    }
  }

  /// Whether any failure after the request was sent is retried.
  public var retriesAfterSending: Bool { emptyResponse || junkResponse || responseTimeout || !statuses.isEmpty }
}
