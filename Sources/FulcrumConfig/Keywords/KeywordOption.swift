/// One option of a line that takes a list of options after its main arguments (`bind`,
/// `server`, `default-server`, `stats socket`): whether it takes a value, which milestone
/// gives it behaviour, and how it is stored.
struct KeywordOption<Target>: Sendable {
  typealias Setter = @Sendable (inout Target, String, KeywordInput) throws(ConfigError) -> Void

  let takesValue: Bool
  /// Whether the option is acted on, or which milestone brings it.
  let status: KeywordStatus
  let set: Setter

  init(takesValue: Bool, status: KeywordStatus, set: @escaping Setter) {
    self.takesValue = takesValue
    self.status = status
    self.set = set
  }

  init(takesValue: Bool, milestone: Milestone, set: @escaping Setter) {
    self.init(takesValue: takesValue, status: .pending(milestone), set: set)
  }

  /// Parses `words` as a sequence of options from `table` into `target`. `owner` names the
  /// line in messages (`'server be/s1'`); each option name is appended at `written`.
  static func parse(
    _ words: ArraySlice<String>, table: [String: KeywordOption<Target>], into target: inout Target,
    owner: @autoclosure () -> String, written: WritableKeyPath<Target, [String]>, input: inout KeywordInput
  ) throws(ConfigError) {
    // One allocation each rather than regrowing them option by option.
    target[keyPath: written].reserveCapacity(target[keyPath: written].count + words.count)
    input.pendingOptions.reserveCapacity(input.pendingOptions.count + words.count)
    var index = words.startIndex
    while index < words.endIndex {
      let name = words[index]
      guard let option = table[name] else {
        throw ConfigError(
          "'\(owner())' : unknown option '\(name)'\(KeywordSuggestion.hint(for: name, among: table.keys))")
      }
      var value = ""
      if option.takesValue {
        guard index + 1 < words.endIndex else { throw ConfigError("'\(owner())' : option '\(name)' expects a value") }
        index += 1
        value = words[index]
      }
      do throws(ConfigError) {
        try option.set(&target, value, input)
      } catch {
        throw ConfigError("'\(owner())' : \(error.message)")
      }
      target[keyPath: written].append(name)
      if case .pending(let milestone) = option.status { input.notePending(name, milestone) }
      index += 1
    }
  }
}
