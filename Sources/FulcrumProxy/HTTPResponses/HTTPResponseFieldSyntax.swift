/// Checks on the header names and values written into responses Fulcrum composes (`hdr NAME
/// VALUE`, `content-type`, redirect locations), so a configuration cannot produce a head that
/// splits or breaks. Pure functions; any thread.
enum HTTPResponseFieldSyntax {
  /// A field name is a non-empty token (RFC 9110 §5.1).
  static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy(HTTP1ASCII.isToken)
  }

  /// A field value holds no control byte other than HTAB, and no DEL (RFC 9110 §5.5); leading and
  /// trailing whitespace would be trimmed by the reader, so it is refused too.
  static func isValidValue(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    if let first = bytes.first, let last = bytes.last {
      if HTTP1ASCII.isWhitespace(first) || HTTP1ASCII.isWhitespace(last) { return false }
    }
    return bytes.allSatisfy { $0 == HTTP1ASCII.tab || ($0 >= 0x20 && $0 != 0x7F) }
  }
}
