import FulcrumCore

extension ProxyHeaderParser {
  /// The protocol words of a version 1 line, with the space that must follow the two TCP ones.
  static let protocolWords: [[UInt8]] = [Array("TCP4 ".utf8), Array("TCP6 ".utf8), Array("UNKNOWN".utf8)]

  /// The protocol words with what must follow them before the addresses.
  static let wordsBeforeAddresses: [[UInt8]] = [Array("TCP4 ".utf8), Array("TCP6 ".utf8), Array("UNKNOWN ".utf8)]

  /// Whether the protocol word so far (from after `PROXY ` through `index`, at most 8 bytes)
  /// can still become `TCP4 `, `TCP6 ` or `UNKNOWN ` (a CR ends the line and is checked with it).
  static func protocolWordCanComplete(_ bytes: Span<UInt8>, through index: Int) -> Bool {
    let start = ProxyHeader.version1Prefix.count
    let length = index - start + 1
    guard length <= 8 else { return true }
    for word in wordsBeforeAddresses {
      var matches = true
      for offset in 0..<min(length, word.count) where bytes[start + offset] != word[offset] {
        matches = false
        break
      }
      // Past the end of `TCP4 ` the address has begun.
      if matches { return true }
    }
    return false
  }

  static func startsWith(_ bytes: Span<UInt8>, at start: Int, _ word: [UInt8]) -> Bool {
    guard start + word.count <= bytes.count else { return false }
    for offset in 0..<word.count where bytes[start + offset] != word[offset] { return false }
    return true
  }

  /// Decodes a whole version 1 line whose CR is at `lineEnd` (the LF follows it).
  static func version1Line(_ bytes: Span<UInt8>, lineEnd: Int) -> ProxyHeaderParseResult {
    let start = ProxyHeader.version1Prefix.count
    let length = lineEnd + 2
    if startsWith(bytes, at: start, protocolWords[2]) {
      // UNKNOWN: the receiver ignores whatever precedes the CRLF (HAProxy 2.6 requires the
      // CRLF right after the word; the specification allows the addresses to follow).
      let after = start + protocolWords[2].count
      guard after == lineEnd || bytes[after] == ASCII.space else {
        return .invalid(ProxyHeaderError(.unknownProtocol, offset: start))
      }
      return .complete(ProxyHeader(version: .v1, addresses: .unknown), length: length)
    }
    let isIPv4 = startsWith(bytes, at: start, protocolWords[0])
    guard isIPv4 || startsWith(bytes, at: start, protocolWords[1]) else {
      return .invalid(ProxyHeaderError(.unknownProtocol, offset: start))
    }
    // Four fields separated by exactly one space: source, destination, their ports.
    var fields: (Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0)
    var fieldStart = start + protocolWords[0].count
    var count = 0
    var index = fieldStart
    while index <= lineEnd {
      if index == lineEnd || bytes[index] == ASCII.space {
        guard index > fieldStart, count < 4 else { return .invalid(ProxyHeaderError(.malformedLine, offset: index)) }
        let range = fieldStart..<index
        switch count {
        case 0: fields.0 = range
        case 1: fields.1 = range
        case 2: fields.2 = range
        default: fields.3 = range
        }
        count += 1
        fieldStart = index + 1
      }
      index += 1
    }
    guard count == 4 else { return .invalid(ProxyHeaderError(.malformedLine, offset: lineEnd)) }
    guard let sourcePort = ProxyTextAddress.port(bytes, fields.2) else {
      return .invalid(ProxyHeaderError(.invalidPort, offset: fields.2.lowerBound))
    }
    guard let destinationPort = ProxyTextAddress.port(bytes, fields.3) else {
      return .invalid(ProxyHeaderError(.invalidPort, offset: fields.3.lowerBound))
    }
    let addresses: ProxyHeader.Addresses
    if isIPv4 {
      guard let source = ProxyTextAddress.ipv4(bytes, fields.0) else {
        return .invalid(ProxyHeaderError(.invalidAddress, offset: fields.0.lowerBound))
      }
      guard let destination = ProxyTextAddress.ipv4(bytes, fields.1) else {
        return .invalid(ProxyHeaderError(.invalidAddress, offset: fields.1.lowerBound))
      }
      addresses = .tcp4(
        source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
    } else {
      guard let source = ProxyTextAddress.ipv6(bytes, fields.0) else {
        return .invalid(ProxyHeaderError(.invalidAddress, offset: fields.0.lowerBound))
      }
      guard let destination = ProxyTextAddress.ipv6(bytes, fields.1) else {
        return .invalid(ProxyHeaderError(.invalidAddress, offset: fields.1.lowerBound))
      }
      addresses = .tcp6(
        source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
    }
    return .complete(ProxyHeader(version: .v1, addresses: addresses), length: length)
  }
}
