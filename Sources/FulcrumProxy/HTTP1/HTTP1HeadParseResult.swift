/// What one call of a head parser found. Value; any thread.
public enum HTTP1HeadParseResult: Hashable, Sendable {
  /// The head is not complete yet: call again with the same bytes and more appended.
  case needMoreBytes
  /// The head is complete and takes the first `length` bytes given (leading empty lines and the
  /// final empty line included); the body, or the next message, starts there.
  case complete(length: Int)
  /// The head is invalid: answer with the error's status and close.
  case invalid(HTTP1ParseError)
}
