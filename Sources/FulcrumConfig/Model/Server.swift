import FulcrumCore

/// A `server` line of a backend, with the `default-server` options folded in. Immutable value.
public struct Server: Sendable, Equatable {
  public var name: String
  public var address: ServerAddressSpec
  /// Addresses found for a host name at load time (as `init-addr libc`); empty for IP literals.
  public var resolvedAddresses: [String]
  public var options: ServerOptions
  public var location: SourceLocation

  public init(name: String, address: ServerAddressSpec, options: ServerOptions, location: SourceLocation) {
    self.name = name
    self.address = address
    self.resolvedAddresses = []
    self.options = options
    self.location = location
  }
}

/// The options a `server`, `server-template` or `default-server` line can carry. Every field
/// is optional or has HAProxy's default, so `default-server` values can be layered under a
/// server's own.
public struct ServerOptions: Sendable, Equatable {
  public var check = false
  public var checkInterval: TimeValue?
  public var fastInterval: TimeValue?
  public var downInterval: TimeValue?
  public var rise: Int?
  public var fall: Int?
  public var checkPort: Int?
  public var checkAddress: String?
  public var checkSendProxy = false
  public var checkSSL = false
  public var checkSNI: String?
  public var checkALPN: String?
  public var maxconn: Int?
  public var minconn: Int?
  public var maxqueue: Int?
  public var weight: Int?
  public var cookie: String?
  public var backup = false
  public var disabled = false
  public var sendProxy = false
  public var sendProxyV2 = false
  public var ssl = false
  public var verify: String?
  public var verifyHost: String?
  public var sni: String?
  public var caFile: String?
  public var certificate: String?
  public var alpn: String?
  public var resolvers: String?
  public var resolvePrefer: String?
  public var initAddr: [String]?
  public var slowstart: TimeValue?
  public var agentCheck = false
  public var agentPort: Int?
  public var agentInterval: TimeValue?
  public var agentSend: String?
  public var agentAddress: String?
  public var track: String?
  public var observe: String?
  public var errorLimit: Int?
  public var onError: String?
  public var onMarkedDown: String?
  public var onMarkedUp: String?
  public var poolMaxConnections: Int?
  public var poolPurgeDelay: TimeValue?
  public var poolLowConnections: Int?
  public var maxReuse: Int?
  public var identifier: Int?
  public var redirectPrefix: String?
  /// `source ADDR[:PORT] [interface NAME]`.
  public var source: SourceBinding?
  public var proto: String?
  public var tcpFastOpen = false
  public var nonStick = false
  /// Option names this line set explicitly, in order (for "parsed but not yet acted on").
  public var written: [String] = []

  public init() {}
}

/// `server-template PREFIX NUM|FIRST-LAST FQDN[:PORT] [options]`: expands into servers named
/// PREFIX1..PREFIXN.
public struct ServerTemplate: Sendable, Equatable {
  public var prefix: String
  public var range: ClosedRange<Int>
  public var address: ServerAddressSpec
  public var options: ServerOptions
  public var location: SourceLocation

  public init(
    prefix: String, range: ClosedRange<Int>, address: ServerAddressSpec, options: ServerOptions,
    location: SourceLocation
  ) {
    self.prefix = prefix
    self.range = range
    self.address = address
    self.options = options
    self.location = location
  }
}
