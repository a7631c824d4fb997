/// Why a configuration line could not be cut into words. Every position is the 1-based byte
/// column in the line as read from the file, as HAProxy reports it. Immutable value; any thread.
public enum TokenizeError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A `"` or `'` at this position is never closed on the line.
  case unmatchedQuote(position: Int)
  /// The `\x` escape at this position is not followed by two hexadecimal digits.
  case invalidHexEscape(position: Int)
  /// The line holds more than `limit` words; `position` is where the first extra word starts.
  case tooManyWords(limit: Int, position: Int)
  /// The `${` whose brace is at this position has no closing `}`.
  case unmatchedBrace(position: Int)
  /// The character at this position cannot start a variable name after `$` or `${`.
  case invalidVariableName(position: Int)
  /// The `[` at this position, after a variable name, does not open the `[*]}` word expansion.
  case invalidWordExpansion(position: Int)
  /// `\xNN` escapes in the word starting at this position produce bytes that are not UTF-8.
  case invalidUTF8(position: Int)

  /// Where the problem was found, 1-based, in bytes from the start of the line.
  public var position: Int {
    switch self {
    case .unmatchedQuote(let position), .invalidHexEscape(let position), .unmatchedBrace(let position),
      .invalidVariableName(let position), .invalidWordExpansion(let position), .invalidUTF8(let position):
      position
    case .tooManyWords(_, let position):
      position
    }
  }

  public var description: String {
    switch self {
    case .unmatchedQuote(let position):
      "unmatched quote at position \(position): close it on the same line, or write \\\" or \\' for a literal quote."
    case .invalidHexEscape(let position):
      "truncated or invalid hexadecimal sequence at position \(position): '\\x' takes exactly two hex digits, "
        + "as in \\x0a; write \\\\x for a literal backslash followed by 'x'."
    case .tooManyWords(let limit, let position):
      "too many words, truncating after word \(limit), position \(position): a line takes at most \(limit) words; "
        + "quote arguments that contain spaces, or split the statement."
    case .unmatchedBrace(let position):
      "unmatched brace in environment variable name at position \(position): close the reference as ${NAME}, "
        + "${NAME-default} or ${NAME[*]}."
    case .invalidVariableName(let position):
      "forbidden first char in environment variable name at position \(position): a name starts with a letter or "
        + "'_' (or '.' for .FILE, .LINE and .SECTION); write \\$ for a literal dollar sign."
    case .invalidWordExpansion(let position):
      "truncated or invalid word expansion sequence at position \(position): only '[*]' may follow a variable "
        + "name, as in \"${NAME[*]}\"."
    case .invalidUTF8(let position):
      "the \\x escapes in the word at position \(position) do not form valid UTF-8: words are UTF-8 text, so "
        + "write the character itself or its complete UTF-8 byte sequence (\\xc3\\xa9 for 'é')."
    }
  }
}
