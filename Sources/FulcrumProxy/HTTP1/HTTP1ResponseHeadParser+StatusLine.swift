extension HTTP1ResponseHeadParser {
  /// `status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF`, also accepting a
  /// missing SP after the code as HAProxy and most clients do. The code is three digits,
  /// 100 to 999; the reason may hold any byte but NUL, CR and LF.
  mutating func parseStatusLine(_ bytes: Span<UInt8>, into head: inout HTTP1ResponseHead) -> HTTP1HeadParseResult {
    let end = bytes.count
    let available = min(end, 12)
    // Refuse early what cannot become a status line, so a non-HTTP server fails fast.
    for offset in 0..<min(available, 5) where bytes[offset] != Self.prefixByte(offset) {
      return invalid(.invalidStatusLine, offset)
    }
    guard end >= 13 else { return .needMoreBytes }
    guard HTTP1ASCII.isDigit(bytes[5]), bytes[6] == HTTP1ASCII.dot, HTTP1ASCII.isDigit(bytes[7]) else {
      return invalid(.invalidStatusLine, 5)
    }
    guard bytes[5] == UInt8(ascii: "1") else { return invalid(.unsupportedVersion, 5) }
    guard bytes[8] == HTTP1ASCII.space else { return invalid(.invalidStatusLine, 8) }
    var status = 0
    for offset in 9..<12 {
      let byte = bytes[offset]
      guard HTTP1ASCII.isDigit(byte) else { return invalid(.invalidStatusLine, offset) }
      status = status &* 10 &+ Int(byte &- HTTP1ASCII.zero)
    }
    guard status >= 100 else { return invalid(.invalidStatusLine, 9) }

    var index = 12
    var reasonStart = 12
    if bytes[12] == HTTP1ASCII.space {
      index = 13
      reasonStart = 13
      while true {
        guard index < end else { return .needMoreBytes }
        let byte = bytes[index]
        if byte == HTTP1ASCII.carriageReturn { break }
        if byte == HTTP1ASCII.lineFeed { return invalid(.bareLineFeed, index) }
        if byte == 0 { return invalid(.invalidStatusLine, index) }
        index &+= 1
      }
    } else if bytes[12] != HTTP1ASCII.carriageReturn {
      return invalid(bytes[12] == HTTP1ASCII.lineFeed ? .bareLineFeed : .invalidStatusLine, 12)
    }
    guard index &+ 1 < end else { return .needMoreBytes }
    guard bytes[index &+ 1] == HTTP1ASCII.lineFeed else { return invalid(.bareCarriageReturn, index &+ 1) }
    head.version = bytes[7] == HTTP1ASCII.zero ? .http10 : .http11
    head.status = status
    head.reasonRange = reasonStart..<index
    position = index &+ 2
    return .complete(length: position)
  }

  /// The bytes of `HTTP/`.
  private static func prefixByte(_ offset: Int) -> UInt8 {
    switch offset {
    case 0: UInt8(ascii: "H")
    case 3: UInt8(ascii: "P")
    case 4: HTTP1ASCII.slash
    default: UInt8(ascii: "T")
    }
  }

  @inline(__always)
  private func invalid(_ reason: HTTP1ParseError.Reason, _ offset: Int) -> HTTP1HeadParseResult {
    .invalid(HTTP1ParseError(reason, side: .response, offset: offset))
  }
}
