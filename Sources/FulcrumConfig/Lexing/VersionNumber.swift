/// A version as `haproxy -v` prints it, for `version_atleast` and `version_before`: numeric
/// components separated by dots (missing ones count as 0), then an optional `-devN`, `-preN`,
/// `-rcN` (all before the release) or `-N` (a package revision, after it), then an optional
/// `+…` build tag that is ignored. Immutable value; any thread.
struct VersionNumber: Comparable, Sendable {
  /// Where a version sits around its release; cases are in ascending order.
  enum Stage: Comparable, Sendable {
    case development(Int)
    case preRelease(Int)
    case releaseCandidate(Int)
    case release
    case revision(Int)
  }

  var components: [Int]
  var stage: Stage

  init(components: [Int], stage: Stage = .release) {
    self.components = components
    self.stage = stage
  }

  /// Parses `2.4`, `2.4.1`, `2.4-dev19`, `2.6.12-1+deb12u4`; nil for anything else.
  init?(parsing text: String) {
    let withoutBuildTag = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let parts = withoutBuildTag.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    guard let numbers = parts.first, !numbers.isEmpty else { return nil }
    var components: [Int] = []
    for piece in numbers.split(separator: ".", omittingEmptySubsequences: false) {
      guard let value = Self.decimal(piece) else { return nil }
      components.append(value)
    }
    var stage = Stage.release
    if parts.count == 2 {
      guard let parsed = Self.stage(parts[1]) else { return nil }
      stage = parsed
    }
    self.init(components: components, stage: stage)
  }

  private static func stage(_ suffix: Substring) -> Stage? {
    for (prefix, make) in [("dev", Stage.development), ("pre", Stage.preRelease), ("rc", Stage.releaseCandidate)]
    where suffix.hasPrefix(prefix) {
      let number = suffix.dropFirst(prefix.count)
      if number.isEmpty { return make(0) }
      return decimal(number).map(make)
    }
    return decimal(suffix).map(Stage.revision)
  }

  /// A non-empty run of ASCII digits that fits an `Int`.
  private static func decimal(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.utf8.allSatisfy(Byte.isDigit) else { return nil }
    return Int(text)
  }

  static func < (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    let count = max(lhs.components.count, rhs.components.count)
    for position in 0..<count {
      let left = position < lhs.components.count ? lhs.components[position] : 0
      let right = position < rhs.components.count ? rhs.components[position] : 0
      if left != right { return left < right }
    }
    return lhs.stage < rhs.stage
  }

  static func == (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    !(lhs < rhs) && !(rhs < lhs)
  }
}
