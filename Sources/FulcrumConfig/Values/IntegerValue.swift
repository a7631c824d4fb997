/// The plain integers of the configuration (`weight 10`, `rise 2`, `maxconn 1000`): an
/// optional sign and decimal digits, checked against the range the keyword allows. Stateless;
/// used on any thread.
public enum IntegerValue {
  /// Parses an integer that must lie within `range`, e.g. `weight` in `0...256`.
  public static func parse(_ text: String, keyword: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
    let allowed = "write an integer from \(range.lowerBound) to \(range.upperBound)"
    return try parse(text, keyword: keyword, allowed: allowed) { range.contains($0) }
  }

  /// Parses an integer that must be at least `range.lowerBound`, e.g. `rise` in `1...`.
  public static func parse(_ text: String, keyword: String, in range: PartialRangeFrom<Int>) throws(ValueError) -> Int {
    let allowed = "write an integer of at least \(range.lowerBound)"
    return try parse(text, keyword: keyword, allowed: allowed) { range.contains($0) }
  }

  private static func parse(
    _ text: String, keyword: String, allowed: String, accepts: (Int) -> Bool
  ) throws(ValueError) -> Int {
    guard !text.isEmpty else {
      throw ValueError("missing value for '\(keyword)'", hint: allowed)
    }
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    let invalid = "invalid value '\(text)' for '\(keyword)'"
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
      throw ValueError("\(invalid): not an integer", hint: allowed)
    }
    guard let magnitude = NumericText.decimal(digits), accepts(negative ? -magnitude : magnitude) else {
      throw ValueError("\(invalid): out of range", hint: allowed)
    }
    return negative ? -magnitude : magnitude
  }
}
