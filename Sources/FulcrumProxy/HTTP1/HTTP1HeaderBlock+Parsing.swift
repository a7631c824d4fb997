extension HTTP1HeaderBlock {
  /// Parses header lines from `position` up to and including the empty line that ends the head.
  /// `position` moves past each complete line, so a call after `.needMoreBytes` resumes at the
  /// line that was cut, not at the start of the head. Returns `.complete` with the offset just
  /// past the final CRLF. With `relaxedNames` (`option accept-invalid-http-request/response`),
  /// a name may hold any byte but whitespace, line ends and the colon: HAProxy then takes
  /// whitespace too, but `Content-Length : 5` is a classic smuggling vector, so it stays
  /// refused.
  mutating func parseFields(
    _ bytes: Span<UInt8>, position: inout Int, maxHeaders: Int, side: HTTP1MessageSide, relaxedNames: Bool = false
  ) -> HTTP1HeadParseResult {
    let end = bytes.count
    var index = position
    while true {
      guard index < end else { return .needMoreBytes }
      let first = bytes[index]
      if first == HTTP1ASCII.carriageReturn {
        guard index &+ 1 < end else { return .needMoreBytes }
        guard bytes[index &+ 1] == HTTP1ASCII.lineFeed else {
          return invalid(.bareCarriageReturn, side, index &+ 1)
        }
        position = index &+ 2
        return .complete(length: index &+ 2)
      }
      if first == HTTP1ASCII.lineFeed { return invalid(.bareLineFeed, side, index) }
      // RFC 9112 §5.2 and §2.2: obs-fold, and whitespace before the first field, are refused.
      if HTTP1ASCII.isWhitespace(first) { return invalid(.obsoleteLineFolding, side, index) }

      let nameStart = index
      let raw = bytes.bytes
      name: while true {
        index = HTTP1ASCII.skip(raw, from: index, HTTP1ASCII.nameStops)
        guard index < end else { return .needMoreBytes }
        let byte = bytes[index]
        guard byte != HTTP1ASCII.colon, HTTP1ASCII.isToken(byte) else {
          if relaxedNames, byte != HTTP1ASCII.colon, byte > HTTP1ASCII.space, byte != 0x7F {
            index &+= 1
            continue
          }
          break name
        }
        index &+= 1
      }
      let stop = bytes[index]
      guard stop == HTTP1ASCII.colon, index > nameStart else {
        if index > nameStart, HTTP1ASCII.isWhitespace(stop) {
          // `Name :` is a space before the colon; `Na me:` a space inside the name.
          var next = index &+ 1
          while next < end, HTTP1ASCII.isWhitespace(bytes[next]) { next &+= 1 }
          guard next < end else { return .needMoreBytes }
          let reason: HTTP1ParseError.Reason = bytes[next] == HTTP1ASCII.colon ? .spaceBeforeColon : .invalidHeaderName
          return invalid(reason, side, index)
        }
        return invalid(nameFailure(stop, empty: index == nameStart), side, index)
      }
      let nameEnd = index
      index &+= 1
      if index < end, bytes[index] == HTTP1ASCII.space { index &+= 1 }
      while index < end, HTTP1ASCII.isWhitespace(bytes[index]) { index &+= 1 }
      let valueStart = index

      // The value runs to CR, eight bytes at a time up to the first control byte.
      scan: while true {
        index = HTTP1ASCII.skip(raw, from: index, HTTP1ASCII.valueStops)
        guard index < end else { return .needMoreBytes }
        let byte = bytes[index]
        if byte == HTTP1ASCII.carriageReturn { break scan }
        if byte >= HTTP1ASCII.space {
          index &+= 1
          continue
        }
        switch byte {
        case HTTP1ASCII.lineFeed: return invalid(.bareLineFeed, side, index)
        // RFC 9110 §5.5: NUL is refused; other controls are kept, as HAProxy does.
        case 0: return invalid(.invalidHeaderValue, side, index)
        default: index &+= 1
        }
      }
      guard index &+ 1 < end else { return .needMoreBytes }
      guard bytes[index &+ 1] == HTTP1ASCII.lineFeed else { return invalid(.bareCarriageReturn, side, index &+ 1) }
      var valueEnd = index
      while valueEnd > valueStart, HTTP1ASCII.isWhitespace(bytes[valueEnd &- 1]) { valueEnd &-= 1 }
      index &+= 2

      // The start line counts as one of tune.http.maxhdr, as in HAProxy.
      guard fields.count &+ 2 <= maxHeaders else { return invalid(.tooManyHeaders, side, nameStart) }
      let kind = HTTP1KnownHeader.classify(bytes, start: nameStart, length: nameEnd &- nameStart)
      fields.append(HTTP1HeaderField(kind: kind, name: nameStart..<nameEnd, value: valueStart..<valueEnd))
      if kind != .other, let reason = interpretLastField(bytes, side: side) {
        return invalid(reason, side, valueStart)
      }
      position = index
    }
  }

  private func nameFailure(_ stop: UInt8, empty: Bool) -> HTTP1ParseError.Reason {
    if empty { return .invalidHeaderName }
    switch stop {
    case HTTP1ASCII.carriageReturn, HTTP1ASCII.lineFeed: return .missingColon
    default: return .invalidHeaderName
    }
  }

  @inline(__always)
  private func invalid(
    _ reason: HTTP1ParseError.Reason, _ side: HTTP1MessageSide, _ offset: Int
  )
    -> HTTP1HeadParseResult
  {
    .invalid(HTTP1ParseError(reason, side: side, offset: offset))
  }
}
