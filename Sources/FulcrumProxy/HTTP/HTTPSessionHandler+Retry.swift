import NIOCore

extension HTTPSessionHandler {
  /// How an exchange failed after its request went to the server (`retry-on`).
  enum SentRequestFailure {
    case emptyResponse
    case junkResponse
    case responseTimeout
    case status
  }

  /// Sends the request again on a new connection when `retry-on` covers `failure`, a retry is
  /// left (`retries`, shared with connection failures, redispatching as configured), nothing of
  /// the response reached the client, and the request had no body (only its head is kept).
  /// Returns false when the failure must be answered instead.
  func retryAfterSending(_ failure: SentRequestFailure) -> Bool {
    let policy = settings.retryOn
    let covered =
      switch failure {
      case .emptyResponse: policy.emptyResponse
      case .junkResponse: policy.junkResponse
      case .responseTimeout: policy.responseTimeout
      case .status: true
      }
    guard covered, !responseStarted, !closing, requestPhase == .done, !request.framing.hasBody,
      retry.attemptsMade - 1 < retry.retries
    else { return false }
    releaseServer(reusable: false)
    responseParser.reset()
    responsePhase = .head
    timer.enter(.waitingResponse, activity: activity.bursts)
    forwardHead(requestHead)
    perform(retry.connectFailed())
    return true
  }
}
