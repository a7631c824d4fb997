/// How the body that follows a head is delimited (RFC 9112 §6.3), decided by the head parser and
/// carried out by ``HTTP1BodyFramer``. Value; any thread.
public enum HTTP1BodyFraming: Hashable, Sendable {
  /// No body: a request without `Content-Length` or `Transfer-Encoding`; a response to HEAD; a
  /// 1xx (other than 101), 204 or 304 response.
  case empty
  /// Exactly this many bytes.
  case contentLength(Int)
  /// Chunked transfer coding, ended by the last chunk and the trailer section.
  case chunked
  /// A response without length: the body ends when the server closes.
  case untilClose
  /// The connection stops being HTTP after the head: 101 Switching Protocols, or 2xx to CONNECT.
  case tunnel

  /// Whether any body bytes can follow the head.
  public var hasBody: Bool {
    switch self {
    case .empty, .contentLength(0): false
    default: true
    }
  }
}
