/// How many idle connections to one server an event loop's pool keeps, as haproxy 2.6 decides
/// it: always one, and more only while the idle and used connections together do not exceed
/// what recent traffic needed at once (`pool-low-conn` more). The estimate follows the peak of
/// used connections, averaged at each purge. A pattern that never reuses (clients that each
/// send one request and close) then keeps one idle connection per server, not hundreds that
/// hold the server's own connection slots. Pure value; one per server per loop.
struct HTTPIdleBudget: Sendable, Equatable {
  /// Connections open to the server through this pool: carrying an exchange or idle.
  private(set) var open = 0
  /// The most connections in use at once since the last purge.
  private(set) var peakUsed = 0
  /// The connections recent traffic needed at once (haproxy's `est_need_conns`).
  private(set) var estimatedNeed = 0
  /// `pool-low-conn`: idle connections kept beyond the estimate.
  let lowConnections: Int

  init(lowConnections: Int = 0) {
    self.lowConnections = lowConnections
  }

  /// A connection to the server opened; `idle` are those idle now.
  mutating func opened(idle: Int) {
    open += 1
    noteUsed(idle: idle)
  }

  mutating func closed() {
    open = max(0, open - 1)
  }

  /// An idle connection was taken for an exchange; `idle` are those still idle.
  mutating func taken(idle: Int) {
    noteUsed(idle: idle)
  }

  /// Whether a connection whose exchange ended may join the `idle` ones already kept.
  func keeps(idle: Int) -> Bool {
    guard idle > 0 else { return true }
    let used = open - idle
    return used + idle <= max(used, estimatedNeed) + lowConnections
  }

  /// At each purge the estimate moves halfway to the peak seen since (never below it), and the
  /// peak starts again from the connections in use.
  mutating func purged(idle: Int) {
    estimatedNeed = max((estimatedNeed + peakUsed) / 2, peakUsed)
    peakUsed = max(0, open - idle)
  }

  private mutating func noteUsed(idle: Int) {
    peakUsed = max(peakUsed, open - idle)
  }
}
