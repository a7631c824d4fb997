/// Cuts one configuration line into words the way HAProxy's reader does (configuration manual
/// §2.2 and §2.3). Stateless and pure; call it from any thread.
///
/// - Words are separated by unprotected spaces and tabs; an unprotected `#` starts a comment.
///   CR and LF bytes ending the line are dropped, so CRLF files read like LF files; elsewhere
///   outside quotes they separate words like a space (HAProxy 2.6 cuts the line there).
/// - Outside quotes and inside double quotes a backslash escapes `\<space>`, `\<tab>`, `\#`,
///   `\\`, `\'`, `\"` and `\$`, and encodes `\n`, `\r`, `\t` and `\xNN`. Before any other
///   character the backslash is kept with it, so regexes such as `^/v\d+` and `.*\.com` survive.
/// - Double quotes protect spaces, `#` and `'`, and expand `$NAME` and `${NAME}`; a `$` that
///   starts no name is an error there (write `\$`). Single quotes protect everything.
/// - Outside quotes only the braced `${NAME}` form is expanded (when a name follows `${`), so
///   `^/foo$` and `$1` stay as written.
/// - `${NAME-default}` takes `default` (verbatim) when NAME is not set; a set but empty NAME
///   stays empty. `${NAME[*]}` splits the value at each run of spaces or tabs into several
///   words, as HAProxy does: a leading or trailing blank in the value yields an empty word.
/// - `.FILE`, `.LINE` and `.SECTION` are read from the `TokenizerContext`.
/// - Quoted and unquoted pieces glue into one word; `""` is an empty word. An unset variable
///   expands to nothing and is reported in `TokenizedLine.undefinedVariables`.
///
/// Work is done on the UTF-8 bytes; bytes outside ASCII are copied untouched. Words are Swift
/// strings, so `\xNN` escapes must add up to valid UTF-8 (`\xc3\xa9`); a stray byte such as
/// `\xff` is an error rather than a silently replaced character.
public enum LineTokenizer {
  /// The most words a line may hold, keyword included (HAProxy's `MAX_LINE_ARGS`).
  public static let maxWords = 64

  /// Cuts `line` (without its newline; a trailing `\r` is tolerated) into words.
  public static func tokenize(_ line: Substring, context: TokenizerContext) -> Result<TokenizedLine, TokenizeError> {
    // Most lines are plain words between blanks: cut them without the scanner's copies.
    if let plain = line.utf8.withContiguousStorageIfAvailable(plainWords), let words = plain {
      return .success(TokenizedLine(words: words))
    }
    // A native string's bytes are contiguous and copied in one go; others are walked.
    let bytes = line.utf8.withContiguousStorageIfAvailable { ContiguousArray($0) } ?? ContiguousArray(line.utf8)
    var scanner = Scanner(bytes: bytes, context: context)
    do {
      try scanner.run()
    } catch {
      return .failure(error)
    }
    return .success(TokenizedLine(words: scanner.words, undefinedVariables: scanner.undefinedVariables))
  }

  /// The words of a line with no quote, backslash, `$`, `#`, CR or LF: the runs of bytes
  /// between spaces and tabs, exactly what the scanner makes of such a line. Nil when the line
  /// holds any of those bytes or more than `maxWords` words, for the scanner to handle.
  static func plainWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
    var words: [String] = []
    var wordStart = -1
    for index in bytes.indices {
      let byte = bytes[index]
      if Byte.isBlank(byte) {
        if wordStart >= 0 {
          words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[wordStart..<index]), as: UTF8.self))
          wordStart = -1
        }
      } else if Byte.isSpecialUnquoted(byte) {
        return nil
      } else if wordStart < 0 {
        if words.count == maxWords { return nil }
        if words.isEmpty { words.reserveCapacity(8) }
        wordStart = index
      }
    }
    if wordStart >= 0 {
      words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[wordStart...]), as: UTF8.self))
    }
    return words
  }
}
