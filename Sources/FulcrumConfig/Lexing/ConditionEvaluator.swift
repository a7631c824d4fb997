import FulcrumCore

/// Evaluates the expression of `.if`, `.elif` and the `-cc` command-line option (manual §2.4)
/// against an environment and this build's features, options and dialect version. Pure value;
/// any thread.
///
/// The caller tokenizes the directive's line with `LineTokenizer` and joins the words after
/// the directive with single spaces, as HAProxy does: spaces around commas and parentheses are
/// therefore part of the arguments (`streq(0, 1)` compares "0" with " 1").
///
/// Grammar: the empty string is false; an integer is true unless zero; a predicate call; a
/// condition in parentheses; `!` before any of those; `&&` binds tighter than `||`. Predicate
/// arguments run between commas up to `)`, and may be quoted with `"…"` or `'…'` to hold a
/// comma or a parenthesis (a second level of quoting, as the manual's §2.2 describes).
/// The TLS-library predicates (`openssl_version_atleast`, `openssl_version_before`,
/// `ssllib_name_startswith`, `awslc_api_atleast`, `awslc_api_before`, `fips_mode`) are
/// false: this build has no OpenSSL yet.
public struct ConditionEvaluator: Sendable {
  public var environment: ConfigEnvironment
  public var features: Set<String>
  public var enabledOptions: Set<String>
  /// The version `version_atleast` and `version_before` compare against.
  public var version: String
  private let parsedVersion: VersionNumber

  public init(
    environment: ConfigEnvironment, features: [String] = FulcrumBuild.features,
    enabledOptions: Set<String> = FulcrumBuild.enabledOptions, version: String = FulcrumBuild.dialectVersion
  ) {
    self.environment = environment
    self.features = Set(features)
    self.enabledOptions = enabledOptions
    self.version = version
    // A build version that does not parse compares as 0, which makes version_before(x) true.
    self.parsedVersion = VersionNumber(parsing: version) ?? VersionNumber(components: [])
  }

  /// Parses the whole expression, then evaluates it.
  public func evaluate(_ expression: String) -> Result<Bool, ConditionError> {
    var parser = ConditionParser(expression)
    do {
      let tree = try parser.parse()
      return .success(value(of: tree))
    } catch {
      return .failure(error)
    }
  }

  private func value(of expression: ConditionExpression) -> Bool {
    switch expression {
    case .constant(let value): value
    case .defined(let name): environment[name] != nil
    case .feature(let name): features.contains(name)
    case .enabled(let option): enabledOptions.contains(option)
    case .equal(let left, let right): left.utf8.elementsEqual(right.utf8)
    case .contains(let haystack, let needle): Self.bytes(of: haystack, contain: needle)
    case .versionAtLeast(let other): parsedVersion >= other
    case .versionBefore(let other): parsedVersion < other
    case .not(let inner): !value(of: inner)
    case .all(let terms): terms.allSatisfy { value(of: $0) }
    case .any(let terms): terms.contains { value(of: $0) }
    }
  }

  /// Byte-wise substring search, like C's `strstr` (no Unicode normalisation).
  private static func bytes(of haystack: String, contain needle: String) -> Bool {
    let text = Array(haystack.utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty else { return true }
    guard pattern.count <= text.count else { return false }
    for start in 0...(text.count - pattern.count) where text[start..<(start + pattern.count)].elementsEqual(pattern) {
      return true
    }
    return false
  }
}
