import NIOCore

/// The idle connections to one backend's servers on one event loop, kept for reuse between
/// requests (`http-reuse`), at most `pool-max-conn` per server. Every `pool-purge-delay`, half
/// of each server's idle connections are closed, as HAProxy does. Loop-bound: created for one
/// loop and used only there, so it needs no lock.
public final class HTTPIdlePool {
  private var idle: [[HTTPServerConnection]]
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
      if connection.isActive { return connection }
    }
    return nil
  }

  /// Keeps `connection` for reuse, or closes it when the server's share is full or the process
  /// uses too many descriptors to keep idle ones.
  func put(_ connection: HTTPServerConnection) {
    let server = connection.server
    guard server < idle.count, connection.isActive, count < maxIdle, descriptors?.allowsPooling ?? true,
      idle[server].count < (maxPerServer[server] ?? .max)
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

  /// Closes half of each server's idle connections (the oldest), rounding up.
  func purge() {
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
