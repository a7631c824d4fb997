/// Byte classes of the RFC 9110/9112 grammar and the comparisons the parsers need. Constants
/// and pure functions; any thread.
enum HTTP1ASCII {
  static let tab: UInt8 = 0x09
  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let colon = UInt8(ascii: ":")
  static let comma = UInt8(ascii: ",")
  static let semicolon = UInt8(ascii: ";")
  static let slash = UInt8(ascii: "/")
  static let question = UInt8(ascii: "?")
  static let hash = UInt8(ascii: "#")
  static let star = UInt8(ascii: "*")
  static let dot = UInt8(ascii: ".")
  static let zero = UInt8(ascii: "0")
  static let at = UInt8(ascii: "@")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")

  // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" /
  // "~" / DIGIT / ALPHA, as one bit per byte value below 64 and from 64 to 127.
  private static let tokenBitsLow: UInt64 = 0x03FF_6CFA_0000_0000
  private static let tokenBitsHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

  /// `tchar` of RFC 9110 §5.6.2.
  @inline(__always)
  static func isToken(_ byte: UInt8) -> Bool {
    if byte < 64 { return (tokenBitsLow >> UInt64(byte)) & 1 != 0 }
    if byte < 128 { return (tokenBitsHigh >> UInt64(byte &- 64)) & 1 != 0 }
    return false
  }

  /// SP or HTAB: the optional whitespace around field values and list elements.
  @inline(__always)
  static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

  /// A byte allowed in a request target: VCHAR without `#` (a fragment is never sent).
  @inline(__always)
  static func isTargetByte(_ byte: UInt8) -> Bool { byte &- 0x21 < 0x5E && byte != hash }

  /// The value of a hexadecimal digit, or nil.
  @inline(__always)
  static func hexValue(_ byte: UInt8) -> Int? {
    if byte &- zero < 10 { return Int(byte &- zero) }
    let lower = byte | 0x20
    if lower &- UInt8(ascii: "a") < 6 { return Int(lower &- UInt8(ascii: "a")) + 10 }
    return nil
  }

  /// ASCII lowercase of a byte.
  @inline(__always)
  static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

  /// Whether `bytes[start...]` begins with `literal`, byte for byte. The caller has checked that
  /// the bytes are long enough.
  @inline(__always)
  static func matches(_ bytes: Span<UInt8>, _ start: Int, _ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { text in
      for index in 0..<text.count where bytes[start &+ index] != text[index] { return false }
      return true
    }
  }

  /// Whether `bytes[start...]` begins with the lowercase `literal`, ignoring ASCII case.
  @inline(__always)
  static func matchesIgnoringCase(_ bytes: Span<UInt8>, _ start: Int, _ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { text in
      for index in 0..<text.count where lowercased(bytes[start &+ index]) != text[index] { return false }
      return true
    }
  }

  /// Whether the two byte ranges are equal ignoring ASCII case.
  static func equalIgnoringCase(_ bytes: Span<UInt8>, _ left: Range<Int>, _ right: Range<Int>) -> Bool {
    guard left.count == right.count else { return false }
    for offset in 0..<left.count
    where lowercased(bytes[left.lowerBound &+ offset]) != lowercased(bytes[right.lowerBound &+ offset]) {
      return false
    }
    return true
  }

  // The word-at-a-time scans below load eight bytes little-endian and mark each byte of
  // interest with its high bit. A borrow may carry a mark into the byte above a marked one, so
  // only the lowest mark is exact: it is the first byte to stop at,
  // `index + marks.trailingZeroBitCount / 8`.

  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080
  private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  /// Marks the bytes that end a run of field-value bytes: the control bytes (below 0x20),
  /// CR, LF, NUL and HTAB among them. Only the lowest mark is exact (a borrow may mark a byte
  /// above it), which is all the scans use.
  @inline(__always)
  static func valueStops(_ word: UInt64) -> UInt64 {
    (word &- ones &* 0x20) & ~word & highs
  }

  /// Marks the bytes that end a run of plain request-target bytes: below 0x21, DEL, above 0x7F,
  /// `#` and `?`. Only the lowest mark is exact.
  @inline(__always)
  static func targetStops(_ word: UInt64) -> UInt64 {
    let delete = word ^ (ones &* 0x7F)
    let hash = word ^ (ones &* UInt64(HTTP1ASCII.hash))
    let question = word ^ (ones &* UInt64(HTTP1ASCII.question))
    let low = (word &- ones &* 0x21) & ~word
    let zeros = ((delete &- ones) & ~delete) | ((hash &- ones) & ~hash) | ((question &- ones) & ~question)
    return (low | zeros | word) & highs
  }

  /// Marks the bytes that are not a letter or `-`: where a header name stops being plain
  /// (usually at its colon; digits and other token characters take the byte-wise path). Only
  /// the lowest mark is exact, and a byte above it may be marked though plain, never the other
  /// way round, so a scan that stops early only takes the slower path.
  @inline(__always)
  static func nameStops(_ word: UInt64) -> UInt64 {
    let folded = word | 0x2020_2020_2020_2020
    let belowLetters = (folded &- ones &* 0x61) & ~folded
    let aboveLetters = ((folded & lows) &+ ones &* 0x05) | folded
    let dash = word ^ (ones &* 0x2D)
    let isDash = ~((dash & lows) &+ lows) & ~dash
    return (belowLetters | aboveLetters) & ~isDash & highs
  }

  /// The offset within a word of the first marked byte.
  @inline(__always)
  static func firstMarked(_ marks: UInt64) -> Int { marks.trailingZeroBitCount &>> 3 }

  /// Skips eight bytes at a time from `index` while `stops` marks none of them: returns the
  /// offset of the first marked byte, or where fewer than eight bytes remain. The loads stay
  /// bounds-checked; walking a shrinking span lets the compiler prove most checks away.
  @inline(__always)
  static func skip(_ raw: RawSpan, from index: Int, _ stops: (UInt64) -> UInt64) -> Int {
    var index = index
    var rest = raw.extracting(droppingFirst: index)
    while rest.byteCount >= 8 {
      let marks = stops(UInt64(littleEndian: rest.unsafeLoadUnaligned(as: UInt64.self)))
      if marks != 0 { return index &+ firstMarked(marks) }
      rest = rest.extracting(droppingFirst: 8)
      index &+= 8
    }
    return index
  }
}
