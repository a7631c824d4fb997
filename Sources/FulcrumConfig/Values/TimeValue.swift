/// A duration from the configuration (`timeout connect 5s`, `inter 2000`), held in whole
/// milliseconds. It owns the time syntax of haproxy.cfg: an integer with an optional unit
/// (`us`, `ms`, `s`, `m`, `h`, `d`, lower case), no sign, no decimals, at most 2147483647 of
/// the keyword's unit. Immutable value; used on any thread.
public struct TimeValue: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// A unit a time can be written in, and the unit a keyword counts in.
  public enum Unit: String, Hashable, Sendable, CaseIterable {
    case microseconds = "us"
    case milliseconds = "ms"
    case seconds = "s"
    case minutes = "m"
    case hours = "h"
    case days = "d"

    /// How many microseconds one of this unit is.
    public var microseconds: Int {
      switch self {
      case .microseconds: 1
      case .milliseconds: 1000
      case .seconds: 1_000_000
      case .minutes: 60_000_000
      case .hours: 3_600_000_000
      case .days: 86_400_000_000
      }
    }
  }

  /// The largest count a keyword accepts in its own unit: 2147483647 ms (~24.8 days) for most
  /// keywords, 2147483647 s for those counted in seconds.
  public static let maximumCount = 2_147_483_647

  /// The duration in milliseconds, from 0 to 2147483647 for keywords counted in milliseconds.
  public var milliseconds: Int

  public static let zero = TimeValue(milliseconds: 0)

  public init(milliseconds: Int) { self.milliseconds = milliseconds }

  /// The same duration as a standard `Duration`.
  public var duration: Duration { .milliseconds(milliseconds) }

  public static func < (lhs: TimeValue, rhs: TimeValue) -> Bool { lhs.milliseconds < rhs.milliseconds }

  /// The duration in the largest unit that represents it exactly: `10s`, `1500ms`, `2d`, `0`.
  public var description: String {
    guard milliseconds != 0 else { return "0" }
    for unit in [Unit.days, .hours, .minutes, .seconds] where milliseconds % (unit.microseconds / 1000) == 0 {
      return "\(milliseconds / (unit.microseconds / 1000))\(unit.rawValue)"
    }
    return "\(milliseconds)ms"
  }

  /// Parses a time as `keyword` takes it.
  ///
  /// A number without a unit counts in `defaultUnit`, and the result is rounded up to a whole
  /// `defaultUnit` (to a whole millisecond when that is `.microseconds`): `250us` is 1 ms, and
  /// for a keyword counted in seconds `1500ms` is 2 s. The result may not exceed 2147483647 of
  /// that unit, as in HAProxy.
  /// - Parameters:
  ///   - text: the word as written, e.g. `10s`.
  ///   - keyword: the keyword the value belongs to, e.g. `timeout connect`, for messages.
  ///   - defaultUnit: the unit of a bare number and the resolution of the keyword.
  public static func parse(
    _ text: String, keyword: String, defaultUnit: Unit = .milliseconds
  ) throws(ValueError) -> TimeValue {
    let resolution = defaultUnit == .microseconds ? Unit.milliseconds : defaultUnit
    let number = NumericText(text)
    guard !text.isEmpty else {
      throw ValueError("missing time for '\(keyword)'", hint: syntaxHint(defaultUnit))
    }
    let invalid = "invalid time '\(text)' for '\(keyword)'"
    if number.fractionDigits != nil {
      throw decimalError(invalid, number, defaultUnit)
    }
    if let first = text.first, !first.isASCIIDigit {
      throw leadingError(invalid, text, first, defaultUnit)
    }
    let unit: Unit
    if number.suffix.isEmpty {
      unit = defaultUnit
    } else if let suffixUnit = Unit(rawValue: String(number.suffix)) {
      unit = suffixUnit
    } else {
      throw suffixError(invalid, number, defaultUnit)
    }
    // Clamped for a keyword counted in days, whose limit does not fit in microseconds.
    let (product, overflow) = maximumCount.multipliedReportingOverflow(by: resolution.microseconds)
    let maximumMicroseconds = overflow ? Int.max : product
    guard let count = number.integerValue,
      case (let microseconds, false) = count.multipliedReportingOverflow(by: unit.microseconds),
      microseconds <= maximumMicroseconds
    else {
      let largest = maximumMicroseconds / unit.microseconds
      let limit = "\(maximumCount) \(resolution.rawValue) (\(approximate(maximumMicroseconds)))"
      throw ValueError(
        "\(invalid): larger than the maximum of \(limit)",
        hint: "write at most '\(largest)\(number.suffix)'")
    }
    let counted = (microseconds + resolution.microseconds - 1) / resolution.microseconds
    return TimeValue(milliseconds: counted * (resolution.microseconds / 1000))
  }

  private static func syntaxHint(_ defaultUnit: Unit) -> String {
    "write an integer with an optional unit: us, ms, s, m, h or d (without a unit: \(defaultUnit.rawValue)),"
      + " e.g. '5s'"
  }

  private static func decimalError(
    _ invalid: String, _ number: NumericText, _ defaultUnit: Unit
  ) -> ValueError {
    let message = "\(invalid): decimals are not allowed"
    let unit = number.suffix.isEmpty ? defaultUnit : Unit(rawValue: String(number.suffix))
    guard let unit else { return ValueError(message, hint: syntaxHint(defaultUnit)) }
    let smaller = Unit.allCases.reversed().filter { $0.microseconds < unit.microseconds }
    guard
      let (count, scale) = number.wholeCount(unitScale: unit.microseconds, smallerScales: smaller.map(\.microseconds)),
      let smallerUnit = smaller.first(where: { $0.microseconds == scale })
    else { return ValueError(message, hint: syntaxHint(defaultUnit)) }
    return ValueError(message, hint: "write '\(count)\(smallerUnit.rawValue)' instead")
  }

  private static func leadingError(
    _ invalid: String, _ text: String, _ first: Character, _ defaultUnit: Unit
  ) -> ValueError {
    if first == "-", NumericText(String(text.dropFirst())).integerValue != nil {
      return ValueError("\(invalid): a time cannot be negative", hint: syntaxHint(defaultUnit))
    }
    if first == "+", (try? parse(String(text.dropFirst()), keyword: "", defaultUnit: defaultUnit)) != nil {
      return ValueError("\(invalid): unexpected character '+'", hint: "write '\(text.dropFirst())' without the sign")
    }
    if Unit(rawValue: String(text)) != nil {
      return ValueError("\(invalid): the number is missing", hint: "write a number before the unit, e.g. '5\(text)'")
    }
    return ValueError("\(invalid): unexpected character '\(first)'", hint: syntaxHint(defaultUnit))
  }

  private static func suffixError(_ invalid: String, _ number: NumericText, _ defaultUnit: Unit) -> ValueError {
    let suffix = number.suffix
    if suffix != suffix.lowercased(), Unit(rawValue: suffix.lowercased()) != nil {
      return ValueError(
        "\(invalid): unknown unit '\(suffix)'",
        hint: "units are lower case: write '\(number.integerDigits)\(suffix.lowercased())'")
    }
    let unitPrefix = Unit.allCases.map(\.rawValue).filter { suffix.hasPrefix($0) }.max { $0.count < $1.count }
    if let unitPrefix, let extra = suffix.dropFirst(unitPrefix.count).first {
      return ValueError(
        "\(invalid): unexpected character '\(extra)' after the unit '\(unitPrefix)'",
        hint: syntaxHint(defaultUnit))
    }
    return ValueError("\(invalid): unexpected character '\(suffix.prefix(1))'", hint: syntaxHint(defaultUnit))
  }

  /// `~24.8 days`, `~68 years`: a rough reading of a large number of microseconds.
  private static func approximate(_ microseconds: Int) -> String {
    let days = Double(microseconds) / Double(Unit.days.microseconds)
    if days >= 365 { return "~\(Int((days / 365.25).rounded())) years" }
    return "~\((days * 10).rounded(.down) / 10) days"
  }
}
