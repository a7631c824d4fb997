import NIOCore

extension HTTPSessionHandler {
  /// Starts the session's periodic timeout check (see ``HTTPSessionTimer``).
  func startWatchdog(on loop: any EventLoop) {
    guard watchdog == nil, let tick = settings.timeouts.tick else { return }
    let bound = NIOLoopBound(self, eventLoop: loop)
    watchdog = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in bound.value.watchdogTick() }
  }

  func stopWatchdog() {
    watchdog?.cancel()
    watchdog = nil
  }

  private func watchdogTick() {
    guard let expiry = timer.tick(activity: activity.bursts) else { return }
    switch expiry {
    case .request:
      fail(status: 408)
    case .keepAlive:
      closeClientWhenDrained()
    case .server:
      fail(status: 504)
    case .inactivity:
      flushClient()
      abort()
    }
  }
}
