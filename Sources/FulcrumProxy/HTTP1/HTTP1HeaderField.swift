/// One header field of a parsed head, as offsets into the bytes the parser was given (counted
/// from the first byte of that buffer, leading empty lines included). The value excludes the
/// surrounding whitespace. Immutable value; any thread.
public struct HTTP1HeaderField: Hashable, Sendable {
  /// The field, if the parser interprets it.
  public let kind: HTTP1KnownHeader
  private let nameStart: UInt32
  private let nameLength: UInt32
  private let valueStart: UInt32
  private let valueLength: UInt32

  init(kind: HTTP1KnownHeader, name: Range<Int>, value: Range<Int>) {
    self.kind = kind
    self.nameStart = UInt32(truncatingIfNeeded: name.lowerBound)
    self.nameLength = UInt32(truncatingIfNeeded: name.count)
    self.valueStart = UInt32(truncatingIfNeeded: value.lowerBound)
    self.valueLength = UInt32(truncatingIfNeeded: value.count)
  }

  /// Where the name is.
  public var nameRange: Range<Int> {
    let start = Int(nameStart)
    return start..<(start &+ Int(nameLength))
  }

  /// Where the value is, without leading or trailing whitespace; empty for an empty value.
  public var valueRange: Range<Int> {
    let start = Int(valueStart)
    return start..<(start &+ Int(valueLength))
  }

  /// Where the whole line is, from the first byte of the name through its CRLF: what to drop to
  /// remove the field without touching the rest. Trailing whitespace after the value is inside.
  public func lineRange(in bytes: Span<UInt8>) -> Range<Int> {
    var end = Int(valueStart) &+ Int(valueLength)
    while end < bytes.count, bytes[end] != HTTP1ASCII.lineFeed { end &+= 1 }
    return Int(nameStart)..<min(end &+ 1, bytes.count)
  }
}
