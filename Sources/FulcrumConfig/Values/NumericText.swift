/// A numeric configuration word split into its leading decimal digits, an optional `.fraction`
/// and the unit suffix after them (`"1.5s"` → `"1"`, `"5"`, `"s"`). Shared by the time and size
/// parsers so they agree on what a number is. Immutable value; used on any thread.
struct NumericText {
  /// The digits before any `.` or suffix; empty when the word does not start with a digit.
  let integerDigits: Substring
  /// The digits after a `.` that follows the integer digits; nil when there is no such `.`.
  let fractionDigits: Substring?
  /// Everything after the number.
  let suffix: Substring

  init(_ text: String) {
    let whole = Substring(text)
    let integerEnd = whole.firstIndex { !$0.isASCIIDigit } ?? whole.endIndex
    integerDigits = whole[..<integerEnd]
    var rest = whole[integerEnd...]
    if !integerDigits.isEmpty, rest.first == ".", let next = rest.dropFirst().first, next.isASCIIDigit {
      let fraction = rest.dropFirst()
      let fractionEnd = fraction.firstIndex { !$0.isASCIIDigit } ?? fraction.endIndex
      fractionDigits = fraction[..<fractionEnd]
      rest = fraction[fractionEnd...]
    } else {
      fractionDigits = nil
    }
    suffix = rest
  }

  /// The integer digits as a number; nil when there are none or when they do not fit an `Int`.
  var integerValue: Int? { Self.decimal(integerDigits) }

  /// The value of a run of ASCII digits; nil when empty or too large for an `Int`.
  static func decimal(_ digits: Substring) -> Int? {
    guard !digits.isEmpty else { return nil }
    var value = 0
    // Bytes rather than Characters: any byte outside 0-9 (including every byte of a
    // non-ASCII character) makes the run invalid, as a non-ASCII-digit Character does.
    for byte in digits.utf8 {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      let digit = Int(byte &- UInt8(ascii: "0"))
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(digit)
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    return value
  }

  /// For a decimal written in a unit worth `unitScale` base units (`1.5` of a unit worth 1000),
  /// the largest of `smallerScales` (tried in order) in which the value is a whole number, with
  /// that count: `(1500, 1)` for `1.5 × 1000` with scale 1 allowed. Nil when none fits.
  func wholeCount(unitScale: Int, smallerScales: [Int]) -> (count: Int, scale: Int)? {
    guard let fractionDigits, fractionDigits.count <= 9,
      let whole = integerValue ?? (integerDigits.isEmpty ? 0 : nil),
      let fraction = Self.decimal(fractionDigits)
    else { return nil }
    var denominator = 1
    for _ in fractionDigits { denominator *= 10 }
    let (shifted, overflow1) = whole.multipliedReportingOverflow(by: denominator)
    let (numerator, overflow2) = shifted.addingReportingOverflow(fraction)
    let (scaled, overflow3) = numerator.multipliedReportingOverflow(by: unitScale)
    guard !overflow1, !overflow2, !overflow3 else { return nil }
    for scale in smallerScales {
      let (divisor, overflow) = denominator.multipliedReportingOverflow(by: scale)
      if !overflow, scaled % divisor == 0 { return (scaled / divisor, scale) }
    }
    return nil
  }
}

extension Substring {
  /// True when every Character is `0`…`9`, as `allSatisfy(\.isASCIIDigit)` (true when empty).
  /// Checked on the bytes: a run of ASCII digit bytes is a run of one-byte digit Characters,
  /// and any other byte belongs to a Character that is not an ASCII digit.
  var isASCIIDigits: Bool {
    utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }
}

extension Character {
  /// True for `0`…`9` only (not other scripts' digits).
  var isASCIIDigit: Bool {
    // `asciiValue` is nil for every non-ASCII Character, so this reads no Unicode property.
    guard let value = asciiValue else { return false }
    return value >= UInt8(ascii: "0") && value <= UInt8(ascii: "9")
  }
}
