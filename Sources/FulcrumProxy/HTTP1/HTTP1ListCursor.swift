/// Walks the comma-separated elements of a list-valued field (RFC 9110 §5.6.1) such as
/// `Connection`, `Transfer-Encoding` or `Content-Length`, without copying: each element is a
/// range of the parsed bytes with the surrounding whitespace removed. Quoted strings are not
/// special, which is right for the token lists the proxy reads. Value type; owned by its caller
/// on its event loop.
public struct HTTP1ListCursor: Sendable {
  private var position: Int
  private let end: Int

  /// A cursor over the list in `range` (usually a field's ``HTTP1HeaderField/valueRange``).
  public init(_ range: Range<Int>) {
    position = range.lowerBound
    end = range.upperBound
  }

  /// The next element, possibly empty (`a,,b` has an empty second element; an empty value has
  /// one empty element), or nil after the last.
  public mutating func next(in bytes: Span<UInt8>) -> Range<Int>? {
    guard position <= end else { return nil }
    var start = position
    var stop = position
    while stop < end, bytes[stop] != HTTP1ASCII.comma { stop &+= 1 }
    position = stop &+ 1
    var last = stop
    while start < last, HTTP1ASCII.isWhitespace(bytes[start]) { start &+= 1 }
    while last > start, HTTP1ASCII.isWhitespace(bytes[last &- 1]) { last &-= 1 }
    return start..<last
  }
}
