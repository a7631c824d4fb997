import NIOCore

/// The `option forwardfor` / `option originalto` field lines of one client connection, computed
/// once when it is accepted (``HTTPForwardingHeaders/lines(client:local:)``) and reused for each
/// request on it: choosing them for a request looks at the head and returns a prebuilt buffer, so
/// it allocates nothing. Owned by the connection's handler on its event loop.
public struct HTTPForwardingLines: Sendable {
  /// Both lines (forwardfor, then originalto), as they apply to this connection.
  private let all: ByteBuffer?
  /// The originalto line alone, for a request that already has the forwardfor field under
  /// `if-none`.
  private let originalToOnly: ByteBuffer?
  /// The forwardfor field name, lower-cased, when `if-none` is set and the line applies.
  private let ifNoneName: [UInt8]?

  init(forwardFor: [UInt8]?, originalTo: [UInt8]?, ifNoneName: [UInt8]?) {
    let both = (forwardFor ?? []) + (originalTo ?? [])
    all = both.isEmpty ? nil : ByteBuffer(bytes: both)
    originalToOnly = originalTo.map { ByteBuffer(bytes: $0) }
    self.ifNoneName = forwardFor == nil ? nil : ifNoneName
  }

  /// No option applies to this connection: nothing is ever added.
  public var isEmpty: Bool { all == nil }

  /// The field lines to insert before the empty line that ends `head` (each line ends in CRLF),
  /// or nil to forward the head as it is. `bytes` are the bytes `head` was parsed from.
  public func fields(for head: HTTP1RequestHead, in bytes: Span<UInt8>) -> ByteBuffer? {
    guard let all else { return nil }
    guard let ifNoneName, head.headers.firstIndex(lowercasedName: ifNoneName, in: bytes) != nil else { return all }
    return originalToOnly
  }

  /// The same, for a head parsed from the readable bytes of `buffer`.
  public func fields(for head: HTTP1RequestHead, in buffer: ByteBuffer) -> ByteBuffer? {
    fields(for: head, in: buffer.readableBytesUInt8Span)
  }
}
