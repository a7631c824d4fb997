/// Applies one global statement to the settings being built.
typealias GlobalKeywordHandler = @Sendable (inout GlobalSettings, inout KeywordInput) throws(ConfigError) -> Void

/// One keyword of the `global` section.
struct GlobalKeyword: Sendable {
  let name: String
  let status: KeywordStatus
  let apply: GlobalKeywordHandler

  init(_ name: String, _ status: KeywordStatus, _ apply: @escaping GlobalKeywordHandler) {
    self.name = name
    self.status = status
    self.apply = apply
  }
}
