/// Recursive-descent parser from a conditional expression's text to a `ConditionExpression`,
/// over its UTF-8 bytes. Lives for one `ConditionEvaluator.evaluate` call on its thread.
///
///     or    := and ('||' and)*
///     and   := unary ('&&' unary)*
///     unary := '!' unary | term
///     term  := '(' or ')' | integer | name | name '(' arguments ')'
///
/// Spaces and tabs may surround every element; they are significant only inside arguments.
struct ConditionParser {
  let text: String
  let bytes: [UInt8]
  var index = 0

  init(_ text: String) {
    self.text = text
    self.bytes = Array(text.utf8)
  }

  mutating func parse() throws(ConditionError) -> ConditionExpression {
    // Only the truly empty string is false; blanks alone are an error, as in HAProxy.
    guard !bytes.isEmpty else { return .constant(false) }
    let tree = try parseOr()
    skipBlanks()
    if index < bytes.count {
      throw failure(.unexpectedCharacter(characterText(at: index)), at: index)
    }
    return tree
  }

  private mutating func parseOr() throws(ConditionError) -> ConditionExpression {
    var terms = [try parseAnd()]
    while skipOperator(Byte.pipe) {
      terms.append(try parseAnd())
    }
    return terms.count == 1 ? terms[0] : .any(terms)
  }

  private mutating func parseAnd() throws(ConditionError) -> ConditionExpression {
    var terms = [try parseUnary()]
    while skipOperator(Byte.ampersand) {
      terms.append(try parseUnary())
    }
    return terms.count == 1 ? terms[0] : .all(terms)
  }

  private mutating func parseUnary() throws(ConditionError) -> ConditionExpression {
    skipBlanks()
    if index < bytes.count, bytes[index] == Byte.exclamation {
      index += 1
      return .not(try parseUnary())
    }
    return try parseTerm()
  }

  private mutating func parseTerm() throws(ConditionError) -> ConditionExpression {
    skipBlanks()
    guard index < bytes.count else { throw failure(.expectedCondition, at: index) }
    let byte = bytes[index]
    if byte == Byte.openParenthesis {
      let opening = index
      index += 1
      let inner = try parseOr()
      skipBlanks()
      guard index < bytes.count, bytes[index] == Byte.closeParenthesis else {
        throw failure(.missingClosingParenthesis(openedAt: opening + 1), at: index)
      }
      index += 1
      return inner
    }
    if Byte.isDigit(byte) || byte == Byte.plus || byte == Byte.minus {
      return try parseInteger()
    }
    if Byte.isLetter(byte) || byte == UInt8(ascii: "_") {
      return try parsePredicate()
    }
    throw failure(.expectedCondition, at: index)
  }

  /// `[+-]digits` or `[+-]0x hexdigits` (HAProxy reads integers with `strtol`): true unless 0.
  private mutating func parseInteger() throws(ConditionError) -> ConditionExpression {
    let start = index
    if bytes[index] == Byte.plus || bytes[index] == Byte.minus { index += 1 }
    guard index < bytes.count, Byte.isDigit(bytes[index]) else { throw failure(.expectedCondition, at: start) }
    var isHex = false
    if bytes[index] == UInt8(ascii: "0"), index + 2 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x"),
      Byte.hexValue(bytes[index + 2]) != nil
    {
      isHex = true
      index += 2
    }
    var nonZero = false
    while index < bytes.count, let digit = isHex ? Byte.hexValue(bytes[index]) : Self.decimalDigit(bytes[index]) {
      nonZero = nonZero || digit != 0
      index += 1
    }
    return .constant(nonZero)
  }

  private static func decimalDigit(_ byte: UInt8) -> UInt8? {
    Byte.isDigit(byte) ? byte - UInt8(ascii: "0") : nil
  }

  private mutating func parsePredicate() throws(ConditionError) -> ConditionExpression {
    let start = index
    while index < bytes.count, Byte.isNameCharacter(bytes[index]) {
      index += 1
    }
    let name = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let predicate = ConditionPredicate(rawValue: name) else {
      throw failure(.unknownPredicate(name), at: start)
    }
    var arguments: [String] = []
    if index < bytes.count, bytes[index] == Byte.openParenthesis {
      arguments = try parseArguments(of: predicate)
    }
    return try predicate.expression(arguments: arguments, in: text, at: start + 1)
  }

  /// At the `(` after a predicate name: the comma-separated arguments up to the closing `)`.
  /// `()` is no argument at all. Inside an argument, `"…"` protects commas and parentheses and
  /// honours backslash escapes, `'…'` protects everything, and outside quotes a backslash
  /// escapes a quote, a backslash, a space or a tab, or encodes `\n`, `\r`, `\t`.
  private mutating func parseArguments(of predicate: ConditionPredicate) throws(ConditionError) -> [String] {
    let opening = index
    index += 1
    if index < bytes.count, bytes[index] == Byte.closeParenthesis {
      index += 1
      return []
    }
    var arguments: [String] = []
    var current: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case Byte.closeParenthesis:
        index += 1
        arguments.append(String(decoding: current, as: UTF8.self))
        return arguments
      case Byte.comma:
        index += 1
        arguments.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      case Byte.doubleQuote, Byte.singleQuote:
        let quote = index
        index += 1
        while index < bytes.count, bytes[index] != byte {
          if byte == Byte.doubleQuote, bytes[index] == Byte.backslash {
            appendEscape(to: &current)
          } else {
            current.append(bytes[index])
            index += 1
          }
        }
        guard index < bytes.count else {
          throw failure(.unmatchedQuote(predicate: predicate.rawValue), at: quote)
        }
        index += 1
      case Byte.backslash:
        appendEscape(to: &current)
      default:
        current.append(byte)
        index += 1
      }
    }
    throw failure(.unterminatedArguments(predicate: predicate.rawValue), at: opening)
  }

  /// At a backslash inside an argument.
  private mutating func appendEscape(to argument: inout [UInt8]) {
    guard index + 1 < bytes.count else {
      argument.append(Byte.backslash)
      index += 1
      return
    }
    let next = bytes[index + 1]
    index += 2
    switch next {
    case Byte.backslash, Byte.doubleQuote, Byte.singleQuote, Byte.space, Byte.tab: argument.append(next)
    case UInt8(ascii: "n"): argument.append(Byte.lineFeed)
    case UInt8(ascii: "r"): argument.append(Byte.carriageReturn)
    case UInt8(ascii: "t"): argument.append(Byte.tab)
    default: argument.append(contentsOf: [Byte.backslash, next])
    }
  }

  /// Skips blanks, then consumes `&&` or `||` (the operator byte doubled) if it is next.
  private mutating func skipOperator(_ byte: UInt8) -> Bool {
    skipBlanks()
    guard index + 1 < bytes.count, bytes[index] == byte, bytes[index + 1] == byte else { return false }
    index += 2
    return true
  }

  private mutating func skipBlanks() {
    while index < bytes.count, Byte.isBlank(bytes[index]) {
      index += 1
    }
  }

  /// The whole character starting at byte `offset`, for messages.
  private func characterText(at offset: Int) -> String {
    var end = offset + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 {
      end += 1
    }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  private func failure(_ reason: ConditionError.Reason, at offset: Int) -> ConditionError {
    ConditionError(reason, expression: text, position: offset + 1)
  }
}
