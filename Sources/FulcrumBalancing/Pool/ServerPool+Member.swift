extension ServerPool {
  /// One `server` line as the algorithms see it: plain values the runtime copies from the
  /// configuration (`weight`, `backup`, `id`, `maxconn`, `minconn`, `maxqueue`, `slowstart`).
  /// Immutable value; any thread.
  public struct Member: Sendable, Equatable {
    /// `weight`, 0 to 256; 0 takes the server out of load balancing (drain).
    public var weight: Int
    /// `backup`: used only when no active server is usable.
    public var isBackup: Bool
    /// `id`: the numeric identifier that orders `first` and places the server's points on the
    /// consistent-hash ring. Nil gives the next free number, as HAProxy numbers servers.
    public var identifier: Int?
    /// `maxconn`: concurrent connections the server accepts; 0 means no limit.
    public var maxConnections: Int
    /// `minconn`: with the backend's `fullconn`, the low end of a dynamic limit; 0 means the
    /// limit is `maxconn` alone.
    public var minConnections: Int
    /// `maxqueue`: how many sessions may wait in the server's own queue (0: no bound), and how
    /// deep `leastconn` may queue on a full server (0: it passes over full servers).
    public var maxQueue: Int
    /// `slowstart`: how long a server that came back takes to reach its full weight and
    /// `maxconn`; zero means at once.
    public var slowstart: Duration
    /// Whether the server takes traffic when the pool is built (HAProxy assumes servers are up
    /// at start; `disabled` servers are not).
    public var isInitiallyUp: Bool

    public init(
      weight: Int = 1, isBackup: Bool = false, identifier: Int? = nil, maxConnections: Int = 0,
      minConnections: Int = 0, maxQueue: Int = 0, slowstart: Duration = .zero, isInitiallyUp: Bool = true
    ) {
      self.weight = weight
      self.isBackup = isBackup
      self.identifier = identifier
      self.maxConnections = maxConnections
      self.minConnections = minConnections
      self.maxQueue = maxQueue
      self.slowstart = slowstart
      self.isInitiallyUp = isInitiallyUp
    }
  }
}
