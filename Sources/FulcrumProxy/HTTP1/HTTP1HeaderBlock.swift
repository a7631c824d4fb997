/// The header fields of one parsed head and what the parser made of them for framing, routing
/// and hop-by-hop handling. A connection keeps one block per direction and the parser clears it
/// for each message keeping its storage, so a head costs no allocation once the connection has
/// seen its largest one. Value type; owned by the connection's handler on its event loop.
public struct HTTP1HeaderBlock: Hashable, Sendable {
  /// Every field in arrival order.
  public internal(set) var fields: [HTTP1HeaderField] = []
  /// The value of `Content-Length`, validated; identical repeats (`3, 3` or two fields) count as
  /// one value, as RFC 9110 §8.6 allows.
  public internal(set) var contentLength: Int?
  /// The index in ``fields`` of the first `Content-Length`.
  public internal(set) var contentLengthIndex: Int?
  /// The index in ``fields`` of the first `Transfer-Encoding`.
  public internal(set) var transferEncodingIndex: Int?
  /// The index in ``fields`` of `Host` (the first; others must repeat it).
  public internal(set) var hostIndex: Int?
  /// The index in ``fields`` of the first `Upgrade`.
  public internal(set) var upgradeIndex: Int?
  /// The tokens of the `Connection` fields.
  public internal(set) var connection: HTTP1ConnectionOptions = []
  /// `Expect: 100-continue` was sent.
  public internal(set) var expectsContinue = false
  /// The framing fields are not in the one form every recipient reads alike: `Content-Length`
  /// repeated or written as a list, `Transfer-Encoding` other than one field reading exactly
  /// `chunked`, `Host` repeated, or (in a response) `Content-Length` beside `Transfer-Encoding`.
  /// Before forwarding, the proxy drops these fields and writes `Content-Length: N` or
  /// `Transfer-Encoding: chunked` (and one `Host`) in their place, as HAProxy, which
  /// re-serialises every head, always does.
  public internal(set) var needsFramingRewrite = false

  var codings = TransferCodings()

  /// Empty, without storage: the first head parsed sizes the field array, which is then kept
  /// (an idle connection holds no more than its largest head needed).
  public init() {}

  /// Whether the message carries `Transfer-Encoding`.
  public var hasTransferEncoding: Bool { transferEncodingIndex != nil }

  /// Forgets the previous message's fields, keeping the storage.
  mutating func removeAll() {
    fields.removeAll(keepingCapacity: true)
    contentLength = nil
    contentLengthIndex = nil
    transferEncodingIndex = nil
    hostIndex = nil
    upgradeIndex = nil
    connection = []
    expectsContinue = false
    needsFramingRewrite = false
    codings = TransferCodings()
  }

  /// The index of the first field named `name` (lowercase ASCII), or nil.
  public func firstIndex(of name: StaticString, in bytes: Span<UInt8>) -> Int? {
    let length = name.utf8CodeUnitCount
    for index in fields.indices {
      let range = fields[index].nameRange
      if range.count == length, HTTP1ASCII.matchesIgnoringCase(bytes, range.lowerBound, name) { return index }
    }
    return nil
  }

  /// What the `Transfer-Encoding` fields listed, in order.
  struct TransferCodings: Hashable, Sendable {
    var fieldCount = 0
    /// The last coding listed is `chunked`.
    var endsWithChunked = false
    /// `chunked` is listed more than once.
    var chunkedTwice = false
    /// A coding other than `chunked` is listed.
    var hasOtherCoding = false
    var chunkedSeen = false
  }
}

extension HTTP1HeaderBlock {
  /// The index of the first field whose name is `name` (lowercase ASCII bytes), or nil.
  public func firstIndex(lowercasedName name: [UInt8], in bytes: Span<UInt8>) -> Int? {
    for index in fields.indices {
      let range = fields[index].nameRange
      guard range.count == name.count else { continue }
      var same = true
      for offset in 0..<name.count where HTTP1ASCII.lowercased(bytes[range.lowerBound &+ offset]) != name[offset] {
        same = false
        break
      }
      if same { return index }
    }
    return nil
  }
}
