import FulcrumCore

/// One `bind` line: the addresses it listens on and its options. Immutable value.
public struct Bind: Sendable, Equatable {
  public var addresses: [ListenAddress]
  /// The address list as written, for messages and stats.
  public var spelling: String
  public var name: String?
  public var maxconn: Int?
  public var backlog: Int?
  public var acceptProxy = false
  public var v6only = false
  public var v4v6 = false
  public var transparent = false
  public var deferAccept = false
  public var tcpFastOpen = false
  public var interface: String?
  public var identifier: Int?
  public var thread: String?
  /// Unix socket permissions: `mode`, `user`/`uid`, `group`/`gid`.
  public var socketMode: String?
  public var socketUser: String?
  public var socketGroup: String?
  public var ssl = false
  public var certificates: [String] = []
  public var certificateLists: [String] = []
  public var alpn: String?
  public var caFile: String?
  public var verify: String?
  public var ciphers: String?
  public var ciphersuites: String?
  public var sslMinVersion: String?
  public var sslMaxVersion: String?
  public var strictSNI = false
  public var protocolName: String?
  /// Stats-socket options (`level`, `expose-fd`), only on `stats socket` lines.
  public var level: String?
  public var exposeFD: String?
  /// Options this line set, in order (for "parsed but not yet acted on").
  public var written: [String] = []
  public var location: SourceLocation

  public init(addresses: [ListenAddress], spelling: String, location: SourceLocation) {
    self.addresses = addresses
    self.spelling = spelling
    self.location = location
  }
}
