extension HTTP1HeaderBlock {
  /// Reads the field just appended if the parser interprets it, and says why it is invalid.
  mutating func interpretLastField(_ bytes: Span<UInt8>, side: HTTP1MessageSide) -> HTTP1ParseError.Reason? {
    let index = fields.count &- 1
    let field = fields[index]
    switch field.kind {
    case .contentLength:
      return readContentLength(bytes, field.valueRange, index: index)
    case .transferEncoding:
      readTransferEncoding(bytes, field.valueRange, index: index)
    case .connection:
      var cursor = HTTP1ListCursor(field.valueRange)
      while let token = cursor.next(in: bytes) {
        connection.insert(Self.connectionOption(bytes, token))
      }
    case .host:
      guard side == .request else { break }
      guard let first = hostIndex else {
        hostIndex = index
        break
      }
      // RFC 9112 §3.2 wants one Host; like HAProxy, repeats of the same value pass as one.
      guard HTTP1ASCII.equalIgnoringCase(bytes, fields[first].valueRange, field.valueRange) else {
        return .conflictingHost
      }
      needsFramingRewrite = true
    case .upgrade:
      if upgradeIndex == nil { upgradeIndex = index }
    case .expect:
      let value = field.valueRange
      if value.count == 12, HTTP1ASCII.matchesIgnoringCase(bytes, value.lowerBound, "100-continue") {
        expectsContinue = true
      }
    default:
      break
    }
    return nil
  }

  /// `Content-Length = 1*DIGIT`; a list of identical values, or the same value in several fields,
  /// stands for that value (RFC 9110 §8.6). Anything else is refused.
  private mutating func readContentLength(
    _ bytes: Span<UInt8>, _ range: Range<Int>, index: Int
  )
    -> HTTP1ParseError.Reason?
  {
    var cursor = HTTP1ListCursor(range)
    var elements = 0
    while let element = cursor.next(in: bytes) {
      guard !element.isEmpty else { return .invalidContentLength }
      var value = 0
      for offset in element {
        let byte = bytes[offset]
        guard HTTP1ASCII.isDigit(byte) else { return .invalidContentLength }
        let (times, overflow) = value.multipliedReportingOverflow(by: 10)
        let (sum, carry) = times.addingReportingOverflow(Int(byte &- HTTP1ASCII.zero))
        guard !overflow, !carry else { return .invalidContentLength }
        value = sum
      }
      if let known = contentLength, known != value { return .conflictingContentLength }
      contentLength = value
      elements &+= 1
    }
    if contentLengthIndex == nil {
      contentLengthIndex = index
      if elements > 1 { needsFramingRewrite = true }
    } else {
      needsFramingRewrite = true
    }
    return nil
  }

  /// Records the codings of one `Transfer-Encoding` field; whether they are acceptable is
  /// decided once the head is complete, because the fields may be split.
  private mutating func readTransferEncoding(_ bytes: Span<UInt8>, _ range: Range<Int>, index: Int) {
    if transferEncodingIndex == nil { transferEncodingIndex = index }
    codings.fieldCount &+= 1
    let exactlyChunked = range.count == 7 && HTTP1ASCII.matches(bytes, range.lowerBound, "chunked")
    if codings.fieldCount > 1 || !exactlyChunked { needsFramingRewrite = true }
    var cursor = HTTP1ListCursor(range)
    while let element = cursor.next(in: bytes) {
      // RFC 9110 §5.6.1: empty elements do not count.
      guard !element.isEmpty else { continue }
      if element.count == 7, HTTP1Word.folded(bytes.bytes, element.lowerBound, 7) == HTTP1Word.chunked {
        if codings.chunkedSeen { codings.chunkedTwice = true }
        codings.chunkedSeen = true
        codings.endsWithChunked = true
      } else {
        codings.hasOtherCoding = true
        codings.endsWithChunked = false
      }
    }
  }

  private static func connectionOption(_ bytes: Span<UInt8>, _ token: Range<Int>) -> HTTP1ConnectionOptions {
    let raw = bytes.bytes
    switch token.count {
    case 0: return []
    case 5 where HTTP1Word.folded(raw, token.lowerBound, 5) == HTTP1Word.close: return .close
    case 7 where HTTP1Word.folded(raw, token.lowerBound, 7) == HTTP1Word.upgrade: return .upgrade
    case 10 where HTTP1Word.matches(raw, token.lowerBound, 10, HTTP1Word.keepAlive): return .keepAlive
    default: return .other
    }
  }

  /// Checks the `Transfer-Encoding` codings of a message whose body they frame: `chunked` must
  /// be the last and appear once, and no other coding is supported (HAProxy 2.6 answers 422 to
  /// `gzip, chunked`, 400 to a list not ending in `chunked`).
  func transferCodingFailure() -> HTTP1ParseError.Reason? {
    if codings.chunkedTwice { return .chunkedAppliedTwice }
    if !codings.endsWithChunked { return .transferEncodingNotChunked }
    if codings.hasOtherCoding { return .unsupportedTransferCoding }
    return nil
  }
}
