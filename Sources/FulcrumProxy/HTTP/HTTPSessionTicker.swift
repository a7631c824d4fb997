import NIOCore

/// Drives the timeouts of every HTTP session of one frontend on one event loop from a single
/// repeating timer, so a connection costs an array slot rather than a scheduled task of its own.
/// The timer runs only while sessions are registered (and the frontend has a timeout). It also
/// reaches every session for a soft stop. Loop-bound: created for one loop, used only there.
public final class HTTPSessionTicker {
  private var sessions: [HTTPSessionHandler] = []
  private let period: TimeAmount?
  private let eventLoop: any EventLoop
  private var task: RepeatedTask?
  /// A soft stop began: sessions that start from now on are told at once.
  private var stopping = false

  /// - Parameters:
  ///   - period: the frontend's tick (``HTTPTimeouts``); `nil` when it has no timeout.
  public init(period: TimeAmount?, eventLoop: any EventLoop) {
    self.period = period
    self.eventLoop = eventLoop
  }

  func add(_ session: HTTPSessionHandler) {
    guard session.tickerSlot == nil else { return }
    session.tickerSlot = sessions.count
    sessions.append(session)
    if stopping { session.softStop() }
    if let period, task == nil {
      let bound = NIOLoopBound(self, eventLoop: eventLoop)
      task = eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in bound.value.tick() }
    }
  }

  func remove(_ session: HTTPSessionHandler) {
    guard let slot = session.tickerSlot, slot < sessions.count, sessions[slot] === session else { return }
    session.tickerSlot = nil
    let last = sessions.removeLast()
    if slot < sessions.count {
      sessions[slot] = last
      last.tickerSlot = slot
    }
    if sessions.isEmpty {
      task?.cancel()
      task = nil
    }
  }

  /// HAProxy's soft stop (the listeners are closed): every session is told to finish (see
  /// ``HTTPSessionHandler/softStop()``). Call on the ticker's loop.
  public func softStop() {
    stopping = true
    var index = sessions.count - 1
    while index >= 0 {
      if index < sessions.count { sessions[index].softStop() }
      index -= 1
    }
  }

  /// Ticks every session. A session that ends during its tick removes itself, which moves the
  /// last session into its slot: walking from the end visits that one before the move.
  private func tick() {
    var index = sessions.count - 1
    while index >= 0 {
      if index < sessions.count { sessions[index].watchdogTick() }
      index -= 1
    }
  }
}
