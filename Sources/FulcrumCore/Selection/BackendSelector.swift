/// Chooses the server for each new session of one backend. The runtime implements it (the
/// balancing algorithm, persistence and health meet there); the data plane only calls it.
/// One instance per event loop, used only from that loop's thread, so it needs no lock.
public protocol BackendSelector: AnyObject {
  /// The index of the chosen server in the backend's server list, or `nil` when no server
  /// is usable. `client` is the client's address (`balance source` hashes it); `excluding` is
  /// a server that just failed, for redispatch.
  func selectServer(client: ClientAddressBytes, excluding failed: Int?) -> Int?

  /// What an HTTP session must pass to `selectServer(client:requestKey:excluding:)`.
  var requestKey: RequestKeyKind { get }

  /// As `selectServer(client:excluding:)`, for an algorithm that hashes part of an HTTP request
  /// (`balance uri`, `url_param`, `hdr`): `requestKey` holds the bytes ``requestKey`` names
  /// (empty when the request has none).
  func selectServer(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int?

  /// A connection to `server` (an index `selectServer` returned) is being attempted or is
  /// open: it counts towards the server's load (`leastconn`) from now on.
  func connectionStarted(on server: Int)

  /// A connection counted by `connectionStarted(on:)` failed or closed. Called exactly once
  /// for each `connectionStarted(on:)`.
  func connectionEnded(on server: Int)
}

/// The part of an HTTP request a backend's algorithm hashes. Immutable value; any thread.
public enum RequestKeyKind: Sendable, Equatable {
  /// Nothing from the request (the client's address at most).
  case none
  /// The request target as received (`balance uri`, `url_param`).
  case target
  /// The value of the first field with this name, in lowercase ASCII (`balance hdr(name)`).
  case header(name: [UInt8])
}

/// The client's IP address as the bytes `balance source` hashes: 4 (IPv4) or 16 (IPv6) in
/// network order, or none (a UNIX socket client, or unknown). Held inline so building one per
/// session never allocates. Immutable value; any thread.
public struct ClientAddressBytes: Sendable {
  private var storage: InlineArray<16, UInt8>
  /// How many of the bytes are used: 0, 4 or 16.
  public let count: Int

  /// No address.
  public static let none = ClientAddressBytes()

  public init() {
    storage = InlineArray(repeating: 0)
    count = 0
  }

  /// An IPv4 address, `a.b.c.d` as `IPv4Address` holds it (host byte order).
  public init(ipv4 value: UInt32) {
    storage = InlineArray(repeating: 0)
    storage[0] = UInt8(truncatingIfNeeded: value >> 24)
    storage[1] = UInt8(truncatingIfNeeded: value >> 16)
    storage[2] = UInt8(truncatingIfNeeded: value >> 8)
    storage[3] = UInt8(truncatingIfNeeded: value)
    count = 4
  }

  /// An IPv6 address from its 16 bytes in network order, produced by `byte(index)`.
  public init(ipv6 byte: (Int) -> UInt8) {
    storage = InlineArray(repeating: 0)
    for index in 0..<16 { storage[index] = byte(index) }
    count = 16
  }

  /// The used bytes, for the duration of `body`.
  public func withBytes<Result>(_ body: (Span<UInt8>) -> Result) -> Result {
    body(storage.span.extracting(0..<count))
  }

  /// The used bytes as an array (tests, messages).
  public var bytes: [UInt8] { withBytes { span in (0..<span.count).map { span[$0] } } }
}
