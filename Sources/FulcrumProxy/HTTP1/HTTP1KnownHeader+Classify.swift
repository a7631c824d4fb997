extension HTTP1KnownHeader {
  /// Classifies the name at `start..<start + length` of `bytes`, a validated token.
  @inline(__always)
  static func classify(_ bytes: Span<UInt8>, start: Int, length: Int) -> HTTP1KnownHeader {
    let raw = bytes.bytes
    switch length {
    case 2: return HTTP1Word.folded(raw, start, 2) == HTTP1Word.te ? .te : .other
    case 4: return HTTP1Word.folded(raw, start, 4) == HTTP1Word.host ? .host : .other
    case 6: return HTTP1Word.folded(raw, start, 6) == HTTP1Word.expect ? .expect : .other
    case 7:
      let word = HTTP1Word.folded(raw, start, 7)
      if word == HTTP1Word.upgrade { return .upgrade }
      return word == HTTP1Word.trailer ? .trailer : .other
    case 10:
      if HTTP1Word.matches(raw, start, 10, HTTP1Word.connection) { return .connection }
      return HTTP1Word.matches(raw, start, 10, HTTP1Word.keepAlive) ? .keepAlive : .other
    case 14: return HTTP1Word.matches(raw, start, 14, HTTP1Word.contentLength) ? .contentLength : .other
    case 16: return HTTP1Word.matches(raw, start, 16, HTTP1Word.proxyConnection) ? .proxyConnection : .other
    case 17:
      guard bytes[start &+ 8] == UInt8(ascii: "-") else { return .other }
      return HTTP1Word.matches(raw, start, 17, HTTP1Word.transferEncoding) ? .transferEncoding : .other
    default: return .other
    }
  }
}
