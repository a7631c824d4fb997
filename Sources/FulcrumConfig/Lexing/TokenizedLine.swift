/// One configuration line cut into words, with quotes, escapes and variables resolved, plus the
/// names of the variables that were referenced but not set (they expanded to nothing; the
/// reader turns each into a warning). Immutable value; used on any thread.
public struct TokenizedLine: Equatable, Sendable {
  /// The words in order; the first one is the keyword. Empty for a blank or comment-only line.
  public var words: [String]
  /// Variables that expanded to the empty string because they are not set, each named once, in
  /// the order they were met. A `${NAME-default}` reference never lands here.
  public var undefinedVariables: [String]

  public init(words: [String], undefinedVariables: [String] = []) {
    self.words = words
    self.undefinedVariables = undefinedVariables
  }
}
