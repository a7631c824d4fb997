/// What one backend's servers ask of the data plane beyond carrying traffic: `observe` with
/// its `error-limit`, `on-marked-down shutdown-sessions` and `on-marked-up
/// shutdown-backup-sessions`, compiled once from the configuration. Immutable; any thread.
public struct ServerObservationSettings: Sendable, Equatable {
  /// One server, in the backend's declaration order.
  public struct Server: Sendable, Equatable {
    public var observe: ObserveLayer?
    /// `error-limit` (HAProxy's default: 10).
    public var errorLimit: Int
    /// `on-marked-down shutdown-sessions`.
    public var shutdownSessionsOnDown: Bool
    /// `on-marked-up shutdown-backup-sessions`.
    public var shutdownBackupSessionsOnUp: Bool
    public var isBackup: Bool
    /// In load balancing before any check ran (not `disabled`, not tracking a disabled one).
    public var isInitiallyUp: Bool

    public init(
      observe: ObserveLayer? = nil, errorLimit: Int = 10, shutdownSessionsOnDown: Bool = false,
      shutdownBackupSessionsOnUp: Bool = false, isBackup: Bool = false, isInitiallyUp: Bool = true
    ) {
      self.observe = observe
      self.errorLimit = errorLimit
      self.shutdownSessionsOnDown = shutdownSessionsOnDown
      self.shutdownBackupSessionsOnUp = shutdownBackupSessionsOnUp
      self.isBackup = isBackup
      self.isInitiallyUp = isInitiallyUp
    }
  }

  public var servers: [Server]

  public init(servers: [Server]) {
    self.servers = servers
  }

  /// Whether any server uses one of the options; a backend without gets no observer at all.
  public var isNeeded: Bool {
    servers.contains { $0.observe != nil || $0.shutdownSessionsOnDown || $0.shutdownBackupSessionsOnUp }
  }

  /// Whether the sessions on server `index` must be known to be closed: it shuts its own
  /// sessions down, or it is a backup and an active server of the backend shuts backup
  /// sessions down when it comes up.
  public func registersSessions(_ index: Int) -> Bool {
    let server = servers[index]
    if server.shutdownSessionsOnDown { return true }
    return server.isBackup && servers.contains { !$0.isBackup && $0.shutdownBackupSessionsOnUp }
  }
}
