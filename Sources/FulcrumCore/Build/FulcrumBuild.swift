/// What this build of Fulcrum is and can do: its version, the haproxy.cfg dialect it reads,
/// and the feature names that `-vv` lists and `.if feature(NAME)` tests. Constants; any thread.
public enum FulcrumBuild {
  public static let version = "0.1.0"
  public static let releaseDate = "2026/11/23"

  /// The HAProxy version whose configuration language Fulcrum reads. `.if version_atleast(X)`
  /// and `version_before(X)` compare against this, so configs written to gate HAProxy
  /// features take the branch that matches what Fulcrum implements.
  public static let dialectVersion = "2.6.0"

  /// Feature names as `haproxy -vv` prints them after a `+`. Only what this build really has:
  /// TLS (OPENSSL) is absent until TLS termination lands, so `.if feature(OPENSSL)` blocks are
  /// skipped rather than half-honoured.
  public static let features: [String] = ["EPOLL", "GETADDRINFO", "THREAD", "CPU_AFFINITY", "REUSEPORT"]

  /// Options `.if enabled(NAME)` reports as enabled at run time.
  public static let enabledOptions: Set<String> = ["EPOLL", "GETADDRINFO", "REUSEPORT"]
}
