/// Chooses the server for each new session of one backend. The runtime implements it (the
/// balancing algorithm, persistence and health meet there); the data plane only calls it.
/// One instance per event loop, used only from that loop's thread, so it needs no lock.
public protocol BackendSelector: AnyObject {
  /// The index of the server the algorithm would choose now, in the backend's server list, or
  /// `nil` when no server is usable or every candidate is full. Takes no connection slot:
  /// sessions call `assignServer`. `client` is the client's address (`balance source` hashes
  /// it); `excluding` is a server that just failed, for redispatch.
  func selectServer(client: ClientAddressBytes, excluding failed: Int?) -> Int?

  /// What an HTTP session must pass as `requestKey`.
  var requestKey: RequestKeyKind { get }

  /// As `selectServer(client:excluding:)`, for an algorithm that hashes part of an HTTP request
  /// (`balance uri`, `url_param`, `hdr`): `requestKey` holds the bytes ``requestKey`` names
  /// (empty when the request has none).
  func selectServer(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int?

  /// Chooses a server for a new session (mode tcp) or request (mode http) and takes a
  /// connection slot on it, or queues the session when the servers are at their `maxconn`.
  /// `requestKey` is as for `selectServer(client:requestKey:excluding:)` (empty in mode tcp).
  /// On `.server(index)` the caller holds a slot on that server until it calls
  /// `connectionEnded(on:)`, exactly once. On `.queued`, `waiter` is told on this loop when a
  /// slot is granted or the session must choose again.
  func assignServer(
    client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?, waiter: any ServerQueueWaiter
  ) -> ServerAssignment

  /// Gives back the slot on `server` that `assignServer` or a queue grant handed out. Called
  /// exactly once per slot, on the loop that holds it.
  func connectionEnded(on server: Int)
}

/// What `BackendSelector.assignServer` decided for a session.
public enum ServerAssignment {
  /// A slot on this server is held for the session.
  case server(Int)
  /// Every candidate is at its `maxconn`: the session waits in a queue (HAProxy's backend or
  /// server queue). The ticket withdraws it when it gives up (`timeout queue`, client gone).
  case queued(any ServerQueueTicket)
  /// No server is usable: HAProxy answers 503.
  case noServer
  /// The server the algorithm is bound to is full and its queue is at `maxqueue`: 503.
  case queueFull
}

/// A session's place in a backend queue, held by the session while it waits.
public protocol ServerQueueTicket: AnyObject, Sendable {
  /// Leaves the queue. Returns `true` when the session was still waiting; `false` when a slot
  /// was granted at the same moment, in which case the grant still reaches the waiter (which
  /// must then give the slot back with `connectionEnded(on:)` if it no longer wants it). On
  /// the waiter's loop.
  func withdraw() -> Bool
}

/// A session waiting in a queue. Called on the session's own loop, with the ticket the
/// session was given, so a grant that raced a withdrawal is not taken for a later one.
public protocol ServerQueueWaiter: AnyObject {
  /// A slot on `server` is now held for the session: connect to it, or give the slot back.
  func queueGranted(server: Int, ticket: any ServerQueueTicket)
  /// The server the session queued on went down and `option redispatch` lets it choose again:
  /// call `assignServer` anew.
  func queueRedispatched(ticket: any ServerQueueTicket)
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
