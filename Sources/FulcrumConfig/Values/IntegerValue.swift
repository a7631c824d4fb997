/// The plain integers of the configuration (`weight 10`, `rise 2`, `maxconn 1000`): an
/// optional sign and decimal digits, checked against the range the keyword allows. Stateless;
/// used on any thread.
public enum IntegerValue {
  /// Parses an integer that must lie within `range`, e.g. `weight` in `0...256`.
  public static func parse(_ text: String, keyword: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
    try parse(text, keyword: keyword, allowed: "write an integer from \(range.lowerBound) to \(range.upperBound)") {
      range.contains($0)
    }
  }

  /// Parses an integer that must be at least `range.lowerBound`, e.g. `rise` in `1...`.
  public static func parse(_ text: String, keyword: String, in range: PartialRangeFrom<Int>) throws(ValueError) -> Int {
    try parse(text, keyword: keyword, allowed: "write an integer of at least \(range.lowerBound)") {
      range.contains($0)
    }
  }

  // The hint and messages are built only when the value is rejected: this runs for every
  // `weight` and `maxconn` of every server line.
  private static func parse(
    _ text: String, keyword: String, allowed: @autoclosure () -> String, accepts: (Int) -> Bool
  ) throws(ValueError) -> Int {
    guard !text.isEmpty else {
      throw ValueError("missing value for '\(keyword)'", hint: allowed())
    }
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.isASCIIDigits else {
      throw ValueError("invalid value '\(text)' for '\(keyword)': not an integer", hint: allowed())
    }
    guard let magnitude = NumericText.decimal(digits), accepts(negative ? -magnitude : magnitude) else {
      throw ValueError("invalid value '\(text)' for '\(keyword)': out of range", hint: allowed())
    }
    return negative ? -magnitude : magnitude
  }
}
