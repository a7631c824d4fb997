/// The `timeout ...` settings of a proxy; `nil` means not set (HAProxy's "no timeout").
public struct Timeouts: Sendable, Equatable {
  public var client: TimeValue?
  public var clientFin: TimeValue?
  public var clientHandshake: TimeValue?
  public var server: TimeValue?
  public var serverFin: TimeValue?
  public var connect: TimeValue?
  public var httpRequest: TimeValue?
  public var httpKeepAlive: TimeValue?
  public var queue: TimeValue?
  public var check: TimeValue?
  public var tunnel: TimeValue?
  public var tarpit: TimeValue?

  public init() {}

  /// The names after `timeout`, with the capability each needs and where it is stored.
  static let fields:
    [(name: String, needsFrontend: Bool, needsBackend: Bool, key: any WritableKeyPath<Timeouts, TimeValue?> & Sendable)] =
      [
        ("client", true, false, \.client),
        ("client-fin", true, false, \.clientFin),
        ("client-hs", true, false, \.clientHandshake),
        ("server", false, true, \.server),
        ("server-fin", false, true, \.serverFin),
        ("connect", false, true, \.connect),
        ("http-request", false, false, \.httpRequest),
        ("http-keep-alive", false, false, \.httpKeepAlive),
        ("queue", false, true, \.queue),
        ("check", false, true, \.check),
        ("tunnel", false, true, \.tunnel),
        ("tarpit", false, false, \.tarpit),
      ]
}
