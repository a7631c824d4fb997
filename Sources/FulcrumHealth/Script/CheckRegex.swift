/// The regular expressions of `rstring`, `rstatus` and `rbinary`, on Swift's `Regex` (whose
/// syntax covers the PCRE patterns checks use). Compiled when evaluated: a check runs every
/// few seconds, so caching would save little. Pure functions; any thread.
public enum CheckRegex {
  /// Whether `pattern` compiles; the plan refuses patterns that do not.
  public static func isValid(_ pattern: String) -> Bool {
    (try? Regex(pattern)) != nil
  }

  /// Whether `pattern` matches somewhere in `text`.
  public static func matches(_ pattern: String, in text: String, ignoringCase: Bool = false) -> Bool {
    guard let regex = try? Regex(pattern) else { return false }
    return text.contains(ignoringCase ? regex.ignoresCase() : regex)
  }
}
