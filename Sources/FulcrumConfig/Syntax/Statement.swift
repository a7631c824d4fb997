/// One configuration line after tokenizing: its words (quotes and escapes resolved, variables
/// expanded) and where it came from. Immutable value.
public struct Statement: Sendable, Equatable {
  public var words: [String]
  public var location: SourceLocation

  public init(words: [String], location: SourceLocation) {
    self.words = words
    self.location = location
  }

  /// The first word: the keyword (or the first word of a keyword sequence).
  public var keyword: String { words.first ?? "" }

  /// The words after the first `count` ones.
  public func arguments(after count: Int = 1) -> ArraySlice<String> {
    words.dropFirst(count)
  }
}
