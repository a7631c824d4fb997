extension ServerPool {
  /// `server`'s connection limit now (HAProxy's `srv_dynamic_maxconn`): `maxconn`, or between
  /// `minconn` and `maxconn` in proportion to the backend's load over `fullconn`, ramped from 1
  /// while the server warms up. Meaningless when `maxconn` is 0 (no limit).
  public func connectionLimit(_ server: ServerIndex, load: some ServerLoad) -> Int {
    let member = members[server.value]
    var limit = Self.dynamicLimit(
      maxConnections: member.maxConnections, minConnections: member.minConnections,
      fullConnections: fullConnections, backendConnections: load.backendConnections)
    let percent = warmupPercents[server.value]
    if percent < 100 { limit = max(1, limit * percent / 100) }
    return limit
  }

  /// A server's limit before slowstart: `maxconn`, or with `minconn` and the backend's
  /// `fullconn`, `backendConnections × maxconn / fullconn` kept between `minconn` and `maxconn`
  /// (HAProxy's dynamic maxconn). Meaningless when `maxconn` is 0 (no limit).
  public static func dynamicLimit(
    maxConnections: Int, minConnections: Int, fullConnections: Int, backendConnections: Int
  ) -> Int {
    guard fullConnections > 0, backendConnections < fullConnections, minConnections > 0,
      minConnections != maxConnections
    else { return maxConnections }
    return max(minConnections, backendConnections * maxConnections / fullConnections)
  }

  /// Whether `server` may take one more connection without queueing: no `maxconn`, or nothing
  /// queued and fewer connections than its limit. Round robin, `first`, `random` and the
  /// round-robin fallback of hashes skip servers that are full.
  public func hasRoom(_ server: ServerIndex, load: some ServerLoad) -> Bool {
    guard hasConnectionLimits && members[server.value].maxConnections > 0 else { return true }
    return load.queued(server) == 0 && load.served(server) < connectionLimit(server, load: load)
  }

  /// `leastconn`'s test: no `maxconn`, or served plus queued below the limit plus `maxqueue`.
  func acceptsQueueing(_ server: ServerIndex, load: some ServerLoad) -> Bool {
    guard hasConnectionLimits else { return true }
    let member = members[server.value]
    guard member.maxConnections > 0 else { return true }
    return load.inFlight(server) < connectionLimit(server, load: load) + member.maxQueue
  }

  /// Sets `server`'s `maxconn` at run time, as an agent's `maxconn:N` reply does in HAProxy: a
  /// static limit (no `minconn`, or `minconn` equal to `maxconn`) moves as a whole; a dynamic
  /// one keeps its `minconn`. 0 removes the limit.
  public mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex) {
    var member = members[server.value]
    (member.maxConnections, member.minConnections) = Self.changedLimits(
      maxConnections: member.maxConnections, minConnections: member.minConnections, to: maxConnections)
    members[server.value] = member
    hasConnectionLimits = members.contains { $0.maxConnections > 0 }
  }

  /// `maxconn` and `minconn` after `maxconn` changes to `value` at run time (HAProxy's
  /// `server_parse_maxconn_change_request`).
  public static func changedLimits(
    maxConnections: Int, minConnections: Int, to value: Int
  ) -> (maxConnections: Int, minConnections: Int) {
    let isStatic = minConnections == 0 || minConnections == maxConnections
    return (value, isStatic && minConnections != 0 ? value : minConnections)
  }
}
