/// The actions each rule set accepts (`http-request ACTION ...`), so a misspelt or unknown
/// action is reported at load time with the closest known one.
enum RuleActions {
  static let common: Set<String> = [
    "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0", "set-var", "set-var-fmt",
    "unset-var", "track-sc0", "track-sc1", "track-sc2",
  ]

  static let httpRequest: Set<String> =
    common.union([
      "add-acl", "add-header", "allow", "auth", "cache-use", "capture", "del-acl", "del-header", "del-map", "deny",
      "disable-l7-retry", "do-resolve", "early-hint", "normalize-uri", "redirect", "reject", "replace-header",
      "replace-path", "replace-pathq", "replace-uri", "replace-value", "return", "send-spoe-group",
      "set-bandwidth-limit", "set-dst", "set-dst-port", "set-header", "set-log-level", "set-map", "set-mark",
      "set-method", "set-nice", "set-path", "set-pathq", "set-priority-class", "set-priority-offset", "set-query",
      "set-src", "set-src-port", "set-timeout", "set-tos", "set-uri", "silent-drop", "strict-mode", "tarpit",
      "use-service", "wait-for-body", "wait-for-handshake", "set-retries", "set-fc-mark", "set-fc-tos",
    ])

  static let httpResponse: Set<String> =
    common.union([
      "add-acl", "add-header", "allow", "cache-store", "capture", "del-acl", "del-header", "del-map", "deny",
      "redirect", "replace-header", "replace-value", "return", "send-spoe-group", "set-bandwidth-limit", "set-header",
      "set-log-level", "set-map", "set-mark", "set-nice", "set-status", "set-tos", "silent-drop", "strict-mode",
      "wait-for-body",
    ])

  static let httpAfterResponse: Set<String> =
    common.union([
      "add-header", "allow", "capture", "del-acl", "del-header", "del-map", "replace-header", "replace-value",
      "set-header", "set-log-level", "set-map", "set-status", "strict-mode",
    ])

  static let tcpRequestConnection: Set<String> =
    common.union([
      "accept", "reject", "expect-proxy", "expect-netscaler-cip", "capture", "set-src", "set-src-port", "set-dst",
      "set-dst-port", "set-mark", "set-tos", "silent-drop",
    ])

  static let tcpRequestSession: Set<String> = common.union(["accept", "reject", "silent-drop", "set-mark", "set-tos"])

  static let tcpRequestContent: Set<String> =
    common.union([
      "accept", "reject", "capture", "do-resolve", "set-dst", "set-dst-port", "set-log-level", "set-nice",
      "set-priority-class", "set-priority-offset", "set-src", "set-src-port", "silent-drop", "send-spoe-group",
      "switch-mode", "use-service", "set-bandwidth-limit", "set-mark", "set-tos",
    ])

  static let tcpResponseContent: Set<String> =
    common.union([
      "accept", "reject", "close", "capture", "set-bandwidth-limit", "set-log-level", "set-mark", "set-nice",
      "set-tos", "silent-drop", "send-spoe-group",
    ])

  /// The action name without its parenthesized argument (`set-var(txn.x)` → `set-var`).
  static func baseName(_ word: String) -> String {
    guard let paren = word.firstIndex(of: "(") else { return word }
    return String(word[..<paren])
  }

  /// Checks `word` against `allowed`; Lua actions get their own message.
  static func validate(_ word: String, in allowed: Set<String>, keyword: String) throws(ConfigError) {
    let base = baseName(word)
    if base.hasPrefix("lua.") {
      throw ConfigError(
        "'\(keyword) \(word)': Lua actions are not supported by Fulcrum; express the rule with built-in actions")
    }
    guard allowed.contains(base) else {
      throw ConfigError(
        "'\(keyword)' does not know action '\(word)'\(KeywordSuggestion.hint(for: base, among: allowed))")
    }
  }
}
