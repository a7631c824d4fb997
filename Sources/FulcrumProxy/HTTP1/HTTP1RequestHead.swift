/// A parsed request head: offsets into the bytes the parser was given plus what routing and
/// framing need. Nothing is copied out of the buffer; the proxy forwards the original bytes of
/// the head with only the edits its rules ask for. One per client connection, reused for every
/// request (the parser clears it keeping its storage). Value type; owned by the handler on its
/// event loop.
public struct HTTP1RequestHead: Hashable, Sendable {
  /// Where the request line starts: leading empty lines (RFC 9112 §2.2) come before.
  public internal(set) var startOffset = 0
  /// The head's length, from offset 0 through the final CRLF; valid once parsed.
  public internal(set) var length = 0
  public internal(set) var method = HTTP1Method.get
  public internal(set) var methodRange = 0..<0
  public internal(set) var targetRange = 0..<0
  public internal(set) var targetForm = HTTP1TargetForm.origin
  /// The path: for origin form the target up to `?`; for absolute form what follows the
  /// authority up to `?` (may be empty); for authority and asterisk forms empty.
  public internal(set) var pathRange = 0..<0
  /// What follows the first `?` of the target, or nil without `?`.
  public internal(set) var queryRange: Range<Int>?
  /// The authority of an absolute-form target (userinfo included), or the whole target of a
  /// CONNECT.
  public internal(set) var authorityRange: Range<Int>?
  /// The scheme of an absolute-form target.
  public internal(set) var schemeRange: Range<Int>?
  public internal(set) var version = HTTP1Version.http11
  public internal(set) var headers = HTTP1HeaderBlock()
  /// How the request body is delimited.
  public internal(set) var framing = HTTP1BodyFraming.empty

  public init() {}

  /// Whether the client asks to keep the connection open after this request: by default in
  /// HTTP/1.1 unless `Connection: close`, only with `Connection: keep-alive` in HTTP/1.0.
  public var isKeepAlive: Bool {
    let options = headers.connection
    if options.contains(.close) { return false }
    return version == .http11 || options.contains(.keepAlive)
  }

  /// The `Host` value's range, if the request has one.
  public var hostRange: Range<Int>? { headers.hostIndex.map { headers.fields[$0].valueRange } }

  mutating func clear() {
    startOffset = 0
    length = 0
    queryRange = nil
    authorityRange = nil
    schemeRange = nil
    framing = .empty
    headers.removeAll()
  }
}
