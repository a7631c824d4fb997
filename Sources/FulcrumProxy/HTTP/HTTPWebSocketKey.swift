/// Checks a WebSocket upgrade's `Sec-WebSocket-Key` (RFC 6455 §4.1): the base64 encoding of 16
/// bytes, so 22 characters of the base64 alphabet, the last of them carrying only two bits
/// (`A`, `Q`, `g` or `w`), then `==`. HAProxy 2.6 answers 400 to an upgrade whose key is not
/// that. Pure; any thread.
enum HTTPWebSocketKey {
  static let lowercasedName = Array("sec-websocket-key".utf8)

  /// Whether `value` is a valid key.
  static func isValid(_ value: Span<UInt8>) -> Bool {
    guard value.count == 24, value[22] == UInt8(ascii: "="), value[23] == UInt8(ascii: "=") else { return false }
    for index in 0..<22 where !isBase64(value[index]) { return false }
    switch value[21] {
    case UInt8(ascii: "A"), UInt8(ascii: "Q"), UInt8(ascii: "g"), UInt8(ascii: "w"): return true
    default: return false
    }
  }

  private static func isBase64(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
      true
    default: false
    }
  }

  /// Whether `head` (parsed from `bytes`) asks for a WebSocket upgrade whose key, when it sends
  /// one, is invalid.
  static func isInvalidUpgrade(_ head: HTTP1RequestHead, in bytes: Span<UInt8>) -> Bool {
    guard head.headers.connection.contains(.upgrade), let upgrade = head.headers.upgradeIndex else { return false }
    let protocolName = head.headers.fields[upgrade].valueRange
    guard protocolName.count == 9, HTTP1ASCII.matchesIgnoringCase(bytes, protocolName.lowerBound, "websocket")
    else { return false }
    guard let key = head.headers.firstIndex(lowercasedName: lowercasedName, in: bytes) else { return false }
    return !isValid(bytes.extracting(head.headers.fields[key].valueRange))
  }
}
