import NIOCore

/// One backend's `observe` and `on-marked-down`/`on-marked-up` on one event loop: sessions
/// report each server outcome here (a success costs an array read and, for an observed server,
/// one shared atomic read), and register while they hold a connection to a server whose
/// sessions may have to be cut. Only servers with `on-marked-down shutdown-sessions`, and the
/// backups of a backend with `on-marked-up shutdown-backup-sessions`, keep a registry; the
/// others pay one array read per connection. A backend with none of these options has no
/// observer, and its sessions one `nil` test. Loop-bound: used only on its event loop.
public final class ServerObserver {
  private let settings: ServerObservationSettings
  /// Per server: its `observe` layer, read on every outcome.
  private let layers: [ObserveLayer?]
  private let counters: ObservedErrorCounters
  /// Per server: whether its sessions register.
  private let registering: [Bool]
  /// Per server: the channels to close to end the sessions holding a connection to it.
  private var sessions: [[ObjectIdentifier: any Channel]]
  /// Per server: up in load balancing, as the last health change said.
  private var isUp: [Bool]

  public init(settings: ServerObservationSettings, counters: ObservedErrorCounters) {
    self.settings = settings
    layers = settings.servers.map(\.observe)
    self.counters = counters
    registering = settings.servers.indices.map { settings.registersSessions($0) }
    sessions = Array(repeating: [:], count: settings.servers.count)
    isUp = settings.servers.map(\.isInitiallyUp)
  }

  /// What happened on `server`: counted toward its `error-limit` as its `observe` layer says.
  @inline(__always)
  public func record(_ outcome: ObservedOutcome, on server: Int) {
    guard let layer = layers[server] else { return }
    switch outcome.verdict(layer) {
    case .ignored: return
    case .success: counters.recordSuccess(on: server)
    case .error: counters.recordError(outcome, on: server)
    }
  }

  /// Whether sessions on `server` must register while they hold a connection to it.
  @inline(__always)
  public func registersSessions(on server: Int) -> Bool { registering[server] }

  /// A session holds a connection to `server`; closing `channel` ends it (mode tcp: the
  /// client's, whose close closes the server's; mode http: the server's, so the exchange ends
  /// with a 502 as in HAProxy). Call only when `registersSessions(on:)` says so, and pair with
  /// `unregister`.
  public func register(_ channel: any Channel, on server: Int) {
    sessions[server][ObjectIdentifier(channel)] = channel
  }

  /// The session that registered `channel` (its `ObjectIdentifier`) no longer holds a
  /// connection to `server`.
  public func unregister(_ channel: ObjectIdentifier, on server: Int) {
    sessions[server].removeValue(forKey: channel)
  }

  /// How many sessions are registered on `server` (tests).
  public func registeredSessions(on server: Int) -> Int { sessions[server].count }

  /// Server `server` is now up or not, with `weight`: a server going down with
  /// `on-marked-down shutdown-sessions` loses its sessions; an active server coming up with a
  /// non-zero weight and `on-marked-up shutdown-backup-sessions` ends the backups' sessions.
  public func serverChanged(_ server: Int, isUp up: Bool, weight: Int) {
    let was = isUp[server]
    isUp[server] = up
    let options = settings.servers[server]
    if was && !up && options.shutdownSessionsOnDown {
      shutDownSessions(on: server)
    } else if !was && up && weight > 0 && !options.isBackup && options.shutdownBackupSessionsOnUp {
      for backup in settings.servers.indices where settings.servers[backup].isBackup {
        shutDownSessions(on: backup)
      }
    }
  }

  /// Closes every session registered on `server`. Closing runs their close callbacks at once,
  /// which unregister them, so the registry is emptied before.
  private func shutDownSessions(on server: Int) {
    guard !sessions[server].isEmpty else { return }
    let victims = sessions[server]
    sessions[server].removeAll(keepingCapacity: true)
    for channel in victims.values { channel.close(promise: nil) }
  }
}
