/// A parsed conditional expression: the tree `ConditionParser` builds and `ConditionEvaluator`
/// walks. Immutable value; any thread.
indirect enum ConditionExpression: Equatable, Sendable {
  /// An integer (non-zero is true), or a predicate whose answer is known when parsing.
  case constant(Bool)
  /// `defined(NAME)`: the environment variable exists, even if empty.
  case defined(String)
  /// `feature(NAME)`: NAME is among the build's features.
  case feature(String)
  /// `enabled(OPT)`: OPT is among the options enabled at run time.
  case enabled(String)
  /// `streq(a,b)`: byte-for-byte equality (`strneq` is its negation).
  case equal(String, String)
  /// `strstr(haystack,needle)`: the second string occurs in the first, byte for byte.
  case contains(String, String)
  case versionAtLeast(VersionNumber)
  case versionBefore(VersionNumber)
  case not(ConditionExpression)
  /// `&&` chain, evaluated left to right until one is false.
  case all([ConditionExpression])
  /// `||` chain, true as soon as one is true.
  case any([ConditionExpression])
}
