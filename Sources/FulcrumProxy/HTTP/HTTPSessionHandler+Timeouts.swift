import NIOCore

extension HTTPSessionHandler {
  /// Joins the loop's ticker, which checks the session's timeouts (see ``HTTPSessionTimer``).
  func startWatchdog() {
    ticker.add(self)
  }

  func stopWatchdog() {
    ticker.remove(self)
  }

  /// One tick of the frontend's timer.
  func watchdogTick() {
    guard let expiry = timer.tick(activity: activity.bursts) else {
      if timer.phase == .waitingNextRequest { releaseIdleStorage() }
      return
    }
    switch expiry {
    case .request:
      if settings.ignoresProbes, timer.phase == .waitingFirstRequest {
        // `option http-ignore-probes`: nothing was ever received; close without a word.
        abort()
      } else {
        fail(status: 408)
      }
    case .keepAlive:
      closeClientWhenDrained()
    case .queue:
      // A grant racing the timeout wins: the exchange goes on with it.
      guard claim.giveUpWaiting() else { return }
      fail(status: 503)
    case .server:
      if !retryAfterSending(.responseTimeout) {
        observe(.readTimeout)
        fail(status: 504)
      }
    case .inactivity:
      flushClient()
      abort()
    }
  }

  /// The process is stopping softly: an idle connection (no request begun, or between
  /// requests) closes now, as HAProxy 2.6 closes it; a busy one answers its current request
  /// with `Connection: close` and closes. With `option idle-close-on-response`, an idle one
  /// waits for its next request instead and closes after that response, as HAProxy did
  /// before 2.4.
  func softStop() {
    guard context != nil, !closing else { return }
    clientKeepAlive = false
    let idle =
      requestPhase == .head && inbound.readableBytes == 0
      && (timer.phase == .waitingFirstRequest || timer.phase == .waitingNextRequest)
    if idle, !settings.idleCloseOnResponse { closeClientWhenDrained() }
  }

  /// A keep-alive connection seen idle at a tick gives back its exchange (heads, parsers,
  /// framers and their field tables) and the pending-writes list, so thousands of idle clients
  /// hold only what a connection needs (lbidle). A busy connection keeps them: at most one tick
  /// in a period lands between its requests, so this costs nothing per request.
  private func releaseIdleStorage() {
    returnExchange()
    if pendingToServer.isEmpty { pendingToServer = [] }
  }
}
