import NIOCore

/// The idle connections to one backend's servers on one event loop, kept for reuse between
/// requests (`http-reuse`), at most `pool-max-conn` per server and no more than recent traffic
/// needed (``HTTPIdleBudget``). Every `pool-purge-delay`, half of each server's idle
/// connections are closed, as HAProxy does. It also counts every open connection to each
/// server made through it. Loop-bound: created for one loop and used only there, so it needs
/// no lock.
public final class HTTPIdlePool {
  private var idle: [[HTTPServerConnection]]
  private var budgets: [HTTPIdleBudget]
  private let maxPerServer: [Int?]
  private let purgeDelay: TimeAmount?
  private let maxIdle: Int
  private let eventLoop: any EventLoop
  private var purgeTask: RepeatedTask?
  private var count = 0
  /// The process's descriptors: connections are not pooled past `tune.pool-low-fd-ratio`.
  let descriptors: HTTPDescriptorBudget?

  public init(settings: HTTPPoolSettings, eventLoop: any EventLoop, descriptors: HTTPDescriptorBudget? = nil) {
    self.descriptors = descriptors
    idle = Array(repeating: [], count: settings.maxPerServer.count)
    budgets = settings.maxPerServer.indices.map { server in
      HTTPIdleBudget(lowConnections: server < settings.lowPerServer.count ? settings.lowPerServer[server] : 0)
    }
    self.maxPerServer = settings.maxPerServer
    self.purgeDelay = settings.purgeDelay
    self.maxIdle = settings.maxIdle
    self.eventLoop = eventLoop
  }

  /// The most recently released idle connection to `server`, if any; with `reusedOnly`, only
  /// one that has been reused, i.e. carried two exchanges or more (HAProxy's "safe" list: a
  /// connection that served one request has not yet shown the server keeps connections).
  func take(server: Int, reusedOnly: Bool) -> HTTPServerConnection? {
    guard server < idle.count else { return nil }
    while let index = idle[server].indices.last {
      if reusedOnly, idle[server][index].exchanges < 2 { return nil }
      let connection = idle[server].removeLast()
      count -= 1
      connection.pool = nil
      if connection.isActive {
        budgets[server].taken(idle: idle[server].count)
        return connection
      }
    }
    return nil
  }

  /// Keeps `connection` for reuse, or closes it when the server's share is full, the process
  /// uses too many descriptors to keep idle ones, or, when its client is leaving
  /// (`sessionEnds`), recent traffic did not need that many. A client that stays (keep-alive)
  /// comes back for one: haproxy keeps such a connection with its session, outside the bound.
  func put(_ connection: HTTPServerConnection, sessionEnds: Bool) {
    let server = connection.server
    guard server < idle.count, connection.isActive, count < maxIdle, descriptors?.allowsPooling ?? true,
      idle[server].count < (maxPerServer[server] ?? .max),
      !sessionEnds || budgets[server].keeps(idle: idle[server].count)
    else {
      connection.close()
      return
    }
    connection.session = nil
    connection.pool = self
    idle[server].append(connection)
    count += 1
    schedulePurge()
  }

  /// A connection to `server` opened through this pool (from its channel's handler).
  func connectionOpened(server: Int) {
    guard server < budgets.count else { return }
    budgets[server].opened(idle: idle[server].count)
  }

  /// A connection to `server` opened through this pool closed.
  func connectionClosed(server: Int) {
    guard server < budgets.count else { return }
    budgets[server].closed()
  }

  /// Forgets a connection the server closed.
  func remove(_ connection: HTTPServerConnection) {
    guard connection.pool === self, connection.server < idle.count,
      let index = idle[connection.server].firstIndex(where: { $0 === connection })
    else { return }
    idle[connection.server].remove(at: index)
    connection.pool = nil
    count -= 1
  }

  private func schedulePurge() {
    guard purgeTask == nil, let delay = purgeDelay, delay.nanoseconds > 0 else { return }
    let bound = NIOLoopBound(self, eventLoop: eventLoop)
    purgeTask = eventLoop.scheduleRepeatedTask(initialDelay: delay, delay: delay) { _ in bound.value.purge() }
  }

  /// Closes half of each server's idle connections (the oldest), rounding up, and moves each
  /// server's estimate of the connections it needs.
  func purge() {
    for server in budgets.indices { budgets[server].purged(idle: idle[server].count) }
    for server in idle.indices where !idle[server].isEmpty {
      let victims = (idle[server].count + 1) / 2
      let closing = idle[server].prefix(victims)
      idle[server].removeFirst(victims)
      count -= victims
      for connection in closing {
        connection.pool = nil
        connection.close()
      }
    }
    if count == 0 {
      purgeTask?.cancel()
      purgeTask = nil
    }
  }
}
