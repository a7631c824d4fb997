/// What the data plane saw of one attempt on a server, as `observe` judges it (HAProxy's
/// health analysis statuses, with its words). Immutable value; any thread.
public enum ObservedOutcome: UInt8, Sendable, CaseIterable {
  /// The connection was established (a new one, or an idle one taken for the request).
  case connected
  /// The connection was refused, reset or timed out (each attempt, retries included).
  case connectFailed
  /// A response with a status from 100 to 499, 501 or 505.
  case validResponse
  /// Any other status (500, 502, 503, 504, 5xx but 501/505, and above).
  case wrongStatus
  /// A response head the parser refused.
  case invalidResponse
  /// The server connection failed with an error before the response head.
  case readError
  /// `timeout server` passed before the response head.
  case readTimeout
  /// The server closed before the response head was complete.
  case closedByServer

  /// How `observe layer4` or `observe layer7` counts an outcome.
  public enum Verdict: Sendable, Equatable {
    /// Does not touch the count of consecutive errors.
    case ignored
    /// Ends a run of errors.
    case success
    /// One more consecutive error.
    case error
  }

  /// As HAProxy 2.6: layer4 counts connections only; layer7 counts failed connections and
  /// responses, and a successful connection alone proves nothing.
  public func verdict(_ layer: ObserveLayer) -> Verdict {
    switch (self, layer) {
    case (.connected, .layer4): .success
    case (.connected, .layer7): .ignored
    case (.connectFailed, _): .error
    case (.validResponse, .layer7): .success
    case (_, .layer4): .ignored
    case (_, .layer7): .error
    }
  }

  /// The outcome of a final response with `status`.
  @inlinable
  public static func response(status: Int) -> ObservedOutcome {
    (100...499).contains(status) || status == 501 || status == 505 ? .validResponse : .wrongStatus
  }

  /// HAProxy's description, which ends the log line (`last one was: Wrong http response`).
  public var description: String {
    switch self {
    case .connected: "L4 successful connection"
    case .connectFailed: "L4 unsuccessful connection"
    case .validResponse: "Correct http response"
    case .wrongStatus: "Wrong http response"
    case .invalidResponse: "Invalid http response"
    case .readError: "Read error (http)"
    case .readTimeout: "Read timeout (http)"
    case .closedByServer: "Close from server (http)"
    }
  }
}

/// `observe layer4|layer7`. Immutable value; any thread.
public enum ObserveLayer: String, Sendable, Equatable {
  case layer4
  case layer7
}
