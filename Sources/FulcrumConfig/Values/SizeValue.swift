/// A size from the configuration (`tune.bufsize 16k`, `stick-table … size 1m`), held in bytes.
/// It owns the size syntax of haproxy.cfg: an integer with an optional unit `k`, `m` or `g`
/// (powers of 1024, either case), no sign, no decimals. Immutable value; used on any thread.
public struct SizeValue: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// A unit a size can be written in.
  public enum Unit: String, Hashable, Sendable, CaseIterable {
    case kilobytes = "k"
    case megabytes = "m"
    case gigabytes = "g"

    /// How many bytes one of this unit is.
    public var bytes: Int {
      switch self {
      case .kilobytes: 1 << 10
      case .megabytes: 1 << 20
      case .gigabytes: 1 << 30
      }
    }
  }

  /// The largest size most keywords accept, 4294967295 bytes (just under 4g), as in HAProxy
  /// whose sizes are 32-bit.
  public static let defaultMaximum = 4_294_967_295

  /// The size in bytes.
  public var bytes: Int

  public init(bytes: Int) { self.bytes = bytes }

  public static func < (lhs: SizeValue, rhs: SizeValue) -> Bool { lhs.bytes < rhs.bytes }

  /// The size in the largest unit that represents it exactly: `16k`, `1g`, `1000`.
  public var description: String {
    guard bytes != 0 else { return "0" }
    for unit in Unit.allCases.reversed() where bytes % unit.bytes == 0 {
      return "\(bytes / unit.bytes)\(unit.rawValue)"
    }
    return "\(bytes)"
  }

  /// Parses a size as `keyword` takes it.
  /// - Parameters:
  ///   - text: the word as written, e.g. `16k`.
  ///   - keyword: the keyword the value belongs to, e.g. `tune.bufsize`, for messages.
  ///   - maximum: the largest size in bytes the keyword accepts.
  public static func parse(
    _ text: String, keyword: String, maximum: Int = defaultMaximum
  ) throws(ValueError) -> SizeValue {
    guard !text.isEmpty else {
      throw ValueError("missing size for '\(keyword)'", hint: syntaxHint)
    }
    let invalid = "invalid size '\(text)' for '\(keyword)'"
    let number = NumericText(text)
    let unit = Unit(rawValue: number.suffix.lowercased())
    if number.fractionDigits != nil {
      let scales = Unit.allCases.reversed().map(\.bytes).filter { $0 < (unit?.bytes ?? 1) } + [1]
      guard number.suffix.isEmpty || unit != nil,
        let (count, scale) = number.wholeCount(unitScale: unit?.bytes ?? 1, smallerScales: scales)
      else { throw ValueError("\(invalid): decimals are not allowed", hint: syntaxHint) }
      let symbol = Unit.allCases.first { $0.bytes == scale }?.rawValue ?? ""
      throw ValueError("\(invalid): decimals are not allowed", hint: "write '\(count)\(symbol)' instead")
    }
    if let first = text.first, !first.isASCIIDigit {
      let message = first == "-" ? "a size cannot be negative" : "unexpected character '\(first)'"
      throw ValueError("\(invalid): \(message)", hint: syntaxHint)
    }
    guard number.suffix.isEmpty || unit != nil else {
      let suffix = number.suffix
      if let first = suffix.first, Unit(rawValue: first.lowercased()) != nil, let extra = suffix.dropFirst().first {
        throw ValueError("\(invalid): unexpected character '\(extra)' after the unit '\(first)'", hint: syntaxHint)
      }
      throw ValueError("\(invalid): unexpected character '\(suffix.prefix(1))'", hint: syntaxHint)
    }
    let scale = unit?.bytes ?? 1
    guard let count = number.integerValue,
      case (let bytes, false) = count.multipliedReportingOverflow(by: scale),
      bytes <= maximum
    else {
      throw ValueError(
        "\(invalid): larger than the maximum of \(maximum) bytes",
        hint: "write at most '\(maximum / scale)\(number.suffix)'")
    }
    return SizeValue(bytes: bytes)
  }

  private static let syntaxHint =
    "write an integer with an optional unit: k, m or g (1024, 1048576 or 1073741824 bytes), e.g. '16k'"
}
