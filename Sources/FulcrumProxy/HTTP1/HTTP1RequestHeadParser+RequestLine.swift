extension HTTP1RequestHeadParser {
  /// `request-line = method SP request-target SP HTTP-version CRLF`, with exactly one SP
  /// between the parts: the lenient whitespace RFC 9112 §3 permits is refused because the proxy
  /// forwards the line as it came and the next recipient may split it differently.
  mutating func parseRequestLine(_ bytes: Span<UInt8>, into head: inout HTTP1RequestHead) -> HTTP1HeadParseResult {
    let end = bytes.count
    var index = position
    // RFC 9112 §2.2: empty lines before the request line are skipped (and not forwarded).
    while index < end {
      let byte = bytes[index]
      if byte == HTTP1ASCII.lineFeed {
        index &+= 1
      } else if byte == HTTP1ASCII.carriageReturn {
        guard index &+ 1 < end else { return .needMoreBytes }
        guard bytes[index &+ 1] == HTTP1ASCII.lineFeed else { return invalid(.bareCarriageReturn, index &+ 1) }
        index &+= 2
      } else {
        break
      }
    }
    position = index
    let start = index

    while index < end, HTTP1ASCII.isToken(bytes[index]) { index &+= 1 }
    guard index < end else { return .needMoreBytes }
    guard bytes[index] == HTTP1ASCII.space, index > start else { return invalid(.invalidMethod, index) }
    let methodEnd = index
    index &+= 1

    let targetStart = index
    var query = -1
    let raw = bytes.bytes
    scan: while true {
      index = HTTP1ASCII.skip(raw, from: index, HTTP1ASCII.targetStops)
      guard index < end else { return .needMoreBytes }
      let byte = bytes[index]
      if byte == HTTP1ASCII.question {
        if query < 0 { query = index }
      } else if byte == HTTP1ASCII.space {
        break scan
      } else if !HTTP1ASCII.isTargetByte(byte), !(acceptsInvalid && byte > 0x7F) {
        return invalid(.invalidTarget, index)
      }
      index &+= 1
    }
    guard index > targetStart else { return invalid(.invalidTarget, index) }
    let targetEnd = index
    index &+= 1

    // HTTP-version = "HTTP/" DIGIT "." DIGIT, then CRLF.
    guard end &- index >= 9 else { return .needMoreBytes }
    let version = UInt64(littleEndian: raw.unsafeLoadUnaligned(fromByteOffset: index, as: UInt64.self))
    guard
      version == Self.http11 || version == Self.http10
        || (HTTP1ASCII.matches(bytes, index, "HTTP/") && HTTP1ASCII.isDigit(bytes[index &+ 5])
          && bytes[index &+ 6] == HTTP1ASCII.dot && HTTP1ASCII.isDigit(bytes[index &+ 7]))
    else { return invalid(.invalidVersion, index) }
    let terminator = bytes[index &+ 8]
    if terminator == HTTP1ASCII.lineFeed { return invalid(.bareLineFeed, index &+ 8) }
    guard terminator == HTTP1ASCII.carriageReturn else { return invalid(.invalidVersion, index &+ 8) }
    guard end &- index >= 10 else { return .needMoreBytes }
    guard bytes[index &+ 9] == HTTP1ASCII.lineFeed else { return invalid(.bareCarriageReturn, index &+ 9) }
    let major = bytes[index &+ 5]
    if major != UInt8(ascii: "1") {
      let isPreface =
        major == UInt8(ascii: "2") && methodEnd &- start == 3 && HTTP1ASCII.matches(bytes, start, "PRI")
        && targetEnd &- targetStart == 1 && bytes[targetStart] == HTTP1ASCII.star
      return invalid(isPreface ? .http2Preface : .unsupportedVersion, index)
    }

    head.startOffset = start
    head.method = HTTP1Method.classify(bytes, start: start, length: methodEnd &- start)
    head.methodRange = start..<methodEnd
    head.targetRange = targetStart..<targetEnd
    head.version = bytes[index &+ 7] == HTTP1ASCII.zero ? .http10 : .http11
    head.queryRange = query < 0 ? nil : (query &+ 1)..<targetEnd
    let pathEnd = query < 0 ? targetEnd : query
    if let failure = classifyTarget(bytes, targetStart..<pathEnd, targetEnd: targetEnd, into: &head) {
      return invalid(failure, targetStart)
    }
    position = index &+ 10
    return .complete(length: position)
  }

  /// Sets the target's form, path, authority and scheme.
  private func classifyTarget(
    _ bytes: Span<UInt8>, _ beforeQuery: Range<Int>, targetEnd: Int, into head: inout HTTP1RequestHead
  ) -> HTTP1ParseError.Reason? {
    let start = beforeQuery.lowerBound
    let first = bytes[start]
    if head.method == .connect {
      // RFC 9112 §3.2.3: authority-form, `host:port`, and only for CONNECT.
      guard first != HTTP1ASCII.slash, head.queryRange == nil else { return .invalidTarget }
      var colon = -1
      for offset in beforeQuery where bytes[offset] == HTTP1ASCII.colon { colon = offset }
      guard colon > start, colon &+ 1 < targetEnd else { return .invalidTarget }
      for offset in (colon &+ 1)..<targetEnd where !HTTP1ASCII.isDigit(bytes[offset]) { return .invalidTarget }
      for offset in beforeQuery where bytes[offset] == HTTP1ASCII.slash || bytes[offset] == HTTP1ASCII.at {
        return .invalidTarget
      }
      head.targetForm = .authority
      head.authorityRange = head.targetRange
      head.pathRange = targetEnd..<targetEnd
      return nil
    }
    if first == HTTP1ASCII.slash {
      head.targetForm = .origin
      head.pathRange = beforeQuery
      return nil
    }
    if first == HTTP1ASCII.star, targetEnd == start &+ 1 {
      head.targetForm = .asterisk
      head.pathRange = targetEnd..<targetEnd
      return nil
    }
    // absolute-form: scheme "://" authority [path]. scheme = ALPHA *(ALPHA / DIGIT / + / - / .)
    var index = start
    while index < beforeQuery.upperBound {
      let byte = bytes[index]
      let isLetter = (byte | 0x20) &- UInt8(ascii: "a") < 26
      guard isLetter || (index > start && (HTTP1ASCII.isDigit(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E))
      else { break }
      index &+= 1
    }
    guard index > start, beforeQuery.upperBound &- index >= 3, bytes[index] == HTTP1ASCII.colon,
      bytes[index &+ 1] == HTTP1ASCII.slash, bytes[index &+ 2] == HTTP1ASCII.slash
    else { return .invalidTarget }
    head.schemeRange = start..<index
    let authorityStart = index &+ 3
    var authorityEnd = authorityStart
    while authorityEnd < beforeQuery.upperBound, bytes[authorityEnd] != HTTP1ASCII.slash { authorityEnd &+= 1 }
    guard authorityEnd > authorityStart else { return .invalidTarget }
    head.targetForm = .absolute
    head.authorityRange = authorityStart..<authorityEnd
    head.pathRange = authorityEnd..<beforeQuery.upperBound
    return nil
  }

  /// `HTTP/1.1` and `HTTP/1.0` as little-endian words.
  private static let http11: UInt64 = 0x312E_312F_5054_5448
  private static let http10: UInt64 = 0x302E_312F_5054_5448

  @inline(__always)
  private func invalid(_ reason: HTTP1ParseError.Reason, _ offset: Int) -> HTTP1HeadParseResult {
    .invalid(HTTP1ParseError(reason, side: .request, offset: offset))
  }
}
