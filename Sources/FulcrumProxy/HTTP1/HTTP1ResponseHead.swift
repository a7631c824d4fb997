/// A parsed response head: offsets into the bytes the parser was given plus what framing and
/// connection handling need. One per server connection, reused for every response. Value type;
/// owned by the handler on its event loop.
public struct HTTP1ResponseHead: Hashable, Sendable {
  /// The head's length, from offset 0 through the final CRLF; valid once parsed.
  public internal(set) var length = 0
  public internal(set) var version = HTTP1Version.http11
  /// The status code, 100 to 999.
  public internal(set) var status = 0
  /// The reason phrase, possibly empty.
  public internal(set) var reasonRange = 0..<0
  public internal(set) var headers = HTTP1HeaderBlock()
  /// How the response body is delimited, given the request it answers.
  public internal(set) var framing = HTTP1BodyFraming.empty
  /// The framing is suspect (`Transfer-Encoding` in HTTP/1.0, or beside `Content-Length`): the
  /// body is read as chunked, as RFC 9112 §6.3 says, but the server connection must not be
  /// reused afterwards.
  public internal(set) var mustCloseAfterBody = false

  public init() {}

  /// A 1xx response other than 101: the final response follows it on the same connection.
  public var isInterim: Bool { status < 200 && status != 101 }

  /// Whether the server lets the connection be reused after this response.
  public var isKeepAlive: Bool {
    if mustCloseAfterBody || framing == .untilClose { return false }
    let options = headers.connection
    if options.contains(.close) { return false }
    return version == .http11 || options.contains(.keepAlive)
  }

  mutating func clear() {
    length = 0
    status = 0
    reasonRange = 0..<0
    framing = .empty
    mustCloseAfterBody = false
    headers.removeAll()
  }
}
