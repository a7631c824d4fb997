/// The `global` section: process-wide settings. Immutable once loaded.
public struct GlobalSettings: Sendable, Equatable {
  public var daemon = false
  public var masterWorker = false
  public var masterWorkerExitOnFailure = true
  public var maxconn: Int?
  public var maxsslconn: Int?
  public var maxconnrate: Int?
  public var maxsessrate: Int?
  public var user: String?
  public var group: String?
  public var uid: Int?
  public var gid: Int?
  public var chroot: String?
  public var pidfile: String?
  public var nbthread: Int?
  /// `cpu-map` lines in order (see `CPUMapping.threadCPUs`).
  public var cpuMap: [CPUMapping] = []
  public var ulimitN: Int?
  public var spreadChecks: Int?
  public var hardStopAfter: TimeValue?
  public var closeSpreadTime: TimeValue?
  public var grace: TimeValue?
  public var caBase: String?
  public var crtBase: String?
  public var serverStateFile: String?
  public var serverStateBase: String?
  public var node: String?
  public var description: String?
  public var quiet = false
  public var zeroWarning = false
  /// `external-check`: proxies may run check programs (`option external-check`).
  public var externalCheck = false
  /// `external-check preserve-env`: check programs inherit the process environment.
  public var externalCheckPreservesEnvironment = false
  /// `insecure-fork-wanted`: the process may create processes (external checks need it).
  public var insecureForkWanted = false
  /// `insecure-setuid-wanted`: check programs may gain privileges through setuid executables.
  public var insecureSetuidWanted = false
  public var logs: [LogTarget] = []
  public var logTag: String?
  public var logSendHostname: String?
  public var statsSockets: [Bind] = []
  public var statsTimeout: TimeValue?
  public var statsMaxconn: Int?
  public var sslDefaultBind: TLSDefaults = TLSDefaults()
  public var sslDefaultServer: TLSDefaults = TLSDefaults()
  public var sslServerVerify: String?
  public var sslDHParamFile: String?
  public var sslDefaultDHParam: Int?
  /// `tune.*` values as numbers (sizes in bytes, times in milliseconds), by keyword.
  public var tune: [String: Int] = [:]
  /// Other keywords parsed for a later milestone (`unix-bind`, `default-path`, flags such as
  /// `set-dumpable`), by name, with their arguments.
  public var laterSettings: [String: [String]] = [:]
  /// `h1-case-adjust FROM TO`: lower-case header name → the spelling bogus peers expect.
  public var h1CaseAdjust: [String: String] = [:]
  /// `max-spread-checks`: the longest the first checks are spread over at start-up.
  public var maxSpreadChecks: TimeValue?
  /// `pp2-never-send-local`: PROXY v2 headers of checks announce addresses instead of LOCAL.
  public var pp2NeverSendLocal = false
  /// `unix-bind`.
  public var unixBind = UnixBindDefaults()
  /// `h1-accept-payload-with-any-method`.
  public var h1AcceptPayloadWithAnyMethod = false
  /// The pairs of the last `h1-case-adjust-file`.
  public var h1CaseAdjustFile: [String: String] = [:]

  public init() {}

  /// `tune.bufsize`, 16384 unless set.
  public var bufferSize: Int { tune["tune.bufsize"] ?? 16384 }
  /// `tune.maxrewrite`, 1024 unless set (HAProxy: half the buffer at most).
  public var maxRewrite: Int { tune["tune.maxrewrite"] ?? min(1024, bufferSize / 2) }
}

/// `ssl-default-bind-*` or `ssl-default-server-*`.
public struct TLSDefaults: Sendable, Equatable {
  public var ciphers: String?
  public var ciphersuites: String?
  public var options: [String] = []
  public var curves: String?
  public var sigalgs: String?
  public var clientSigalgs: String?
  public init() {}
}
