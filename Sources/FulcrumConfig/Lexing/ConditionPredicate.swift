/// The predicates a conditional expression may call (configuration manual §2.4), with their
/// arity and how their arguments become a `ConditionExpression`. Constants; any thread.
///
/// The TLS-library predicates (`openssl_version_atleast`, `openssl_version_before`,
/// `ssllib_name_startswith`, `awslc_api_atleast`, `awslc_api_before`, `fips_mode`) are checked
/// for syntax and always evaluate to false: this build links no TLS library, just as
/// `feature(OPENSSL)` is false.
enum ConditionPredicate: String, CaseIterable, Sendable {
  case defined
  case feature
  case enabled
  case streq
  case strneq
  case strstr
  case versionAtLeast = "version_atleast"
  case versionBefore = "version_before"
  case opensslVersionAtLeast = "openssl_version_atleast"
  case opensslVersionBefore = "openssl_version_before"
  case ssllibNameStartsWith = "ssllib_name_startswith"
  case awslcAPIAtLeast = "awslc_api_atleast"
  case awslcAPIBefore = "awslc_api_before"
  case fipsMode = "fips_mode"

  /// How the documentation writes a call, for error messages.
  var usage: String {
    switch self {
    case .defined: "defined(<name>)"
    case .feature: "feature(<name>)"
    case .enabled: "enabled(<opt>)"
    case .streq, .strneq, .strstr: "\(rawValue)(<str1>,<str2>)"
    case .versionAtLeast, .versionBefore, .opensslVersionAtLeast, .opensslVersionBefore: "\(rawValue)(<ver>)"
    case .ssllibNameStartsWith: "ssllib_name_startswith(<name>)"
    case .awslcAPIAtLeast, .awslcAPIBefore: "\(rawValue)(<ver>)"
    case .fipsMode: "fips_mode()"
    }
  }

  var argumentCount: Int {
    switch self {
    case .fipsMode: 0
    case .streq, .strneq, .strstr: 2
    default: 1
    }
  }

  /// The expression this call stands for; throws when its arguments are not acceptable, at
  /// `position` (1-based) in `text`.
  func expression(
    arguments: [String], in text: String, at position: Int
  ) throws(ConditionError)
    -> ConditionExpression
  {
    func failure(_ reason: ConditionError.Reason) -> ConditionError {
      ConditionError(reason, expression: text, position: position)
    }
    guard arguments.count == argumentCount else {
      throw failure(.wrongArgumentCount(predicate: rawValue, expected: argumentCount, got: arguments.count))
    }
    let first = arguments.first ?? ""
    let second = arguments.count > 1 ? arguments[1] : ""
    switch self {
    case .defined: return .defined(first)
    case .feature: return .feature(first)
    case .enabled: return .enabled(first)
    case .streq: return .equal(first, second)
    case .strneq: return .not(.equal(first, second))
    case .strstr: return .contains(first, second)
    case .versionAtLeast, .versionBefore:
      guard let version = VersionNumber(parsing: first) else {
        throw failure(.invalidVersion(predicate: rawValue, argument: first))
      }
      return self == .versionAtLeast ? .versionAtLeast(version) : .versionBefore(version)
    case .opensslVersionAtLeast, .opensslVersionBefore:
      guard VersionNumber(parsing: first) != nil else {
        throw failure(.invalidVersion(predicate: rawValue, argument: first))
      }
      return .constant(false)
    case .awslcAPIAtLeast, .awslcAPIBefore:
      guard !first.isEmpty, first.utf8.allSatisfy(Byte.isDigit) else {
        throw failure(.invalidNumber(predicate: rawValue, argument: first))
      }
      return .constant(false)
    case .ssllibNameStartsWith, .fipsMode:
      return .constant(false)
    }
  }
}
