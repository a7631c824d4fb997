/// The request methods routing and framing tell apart; any other valid token is `.other` and is
/// forwarded as written. Methods are case-sensitive (RFC 9110 §9.1): `get` is `.other`. Value;
/// any thread.
public enum HTTP1Method: UInt8, Hashable, Sendable, CaseIterable {
  case get, head, post, put, delete, connect, options, trace, patch, other

  /// Classifies the method token at `start..<start + length` of `bytes`.
  @inline(__always)
  static func classify(_ bytes: Span<UInt8>, start: Int, length: Int) -> HTTP1Method {
    switch length {
    case 3:
      if HTTP1ASCII.matches(bytes, start, "GET") { return .get }
      if HTTP1ASCII.matches(bytes, start, "PUT") { return .put }
    case 4:
      if HTTP1ASCII.matches(bytes, start, "POST") { return .post }
      if HTTP1ASCII.matches(bytes, start, "HEAD") { return .head }
    case 5:
      if HTTP1ASCII.matches(bytes, start, "PATCH") { return .patch }
      if HTTP1ASCII.matches(bytes, start, "TRACE") { return .trace }
    case 6:
      if HTTP1ASCII.matches(bytes, start, "DELETE") { return .delete }
    case 7:
      if HTTP1ASCII.matches(bytes, start, "OPTIONS") { return .options }
      if HTTP1ASCII.matches(bytes, start, "CONNECT") { return .connect }
    default:
      break
    }
    return .other
  }
}
