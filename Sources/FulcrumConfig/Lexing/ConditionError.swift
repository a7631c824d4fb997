/// Why the expression of a `.if`, `.elif` or `-cc` could not be parsed. `position` is the
/// 1-based byte offset in the expression (the directive's words joined by single spaces).
/// The whole expression is checked before anything is evaluated, so an error in a branch that
/// short-circuiting would skip is still reported. Immutable value; any thread.
public struct ConditionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong at `position`.
  public enum Reason: Equatable, Sendable {
    /// A condition was expected (an operand is missing, or the text starts with no condition).
    case expectedCondition
    /// A complete condition is followed by this character instead of `&&`, `||` or the end.
    case unexpectedCharacter(String)
    /// The `(` at `openedAt` (1-based) is not closed.
    case missingClosingParenthesis(openedAt: Int)
    /// No predicate has this name.
    case unknownPredicate(String)
    /// The predicate was given the wrong number of arguments.
    case wrongArgumentCount(predicate: String, expected: Int, got: Int)
    /// The argument list of the predicate has no closing `)`.
    case unterminatedArguments(predicate: String)
    /// A quote inside the predicate's arguments is not closed.
    case unmatchedQuote(predicate: String)
    /// The predicate's argument is not a version such as `2.4`, `2.4.1` or `2.4-dev19`.
    case invalidVersion(predicate: String, argument: String)
    /// The predicate's argument is not a decimal integer.
    case invalidNumber(predicate: String, argument: String)
  }

  public var reason: Reason
  /// The expression as evaluated, for the message.
  public var expression: String
  /// 1-based byte offset in `expression` where the problem was found.
  public var position: Int

  public init(_ reason: Reason, expression: String, position: Int) {
    self.reason = reason
    self.expression = expression
    self.position = position
  }

  public var description: String {
    let place = "at position \(position) in conditional expression '\(expression)'"
    switch reason {
    case .expectedCondition:
      return "expected a condition \(place): write 0, 1, a predicate such as defined(NAME), "
        + "'!' followed by a condition, or a condition in parentheses."
    case .unexpectedCharacter(")"):
      return "unmatched ')' \(place): remove it, or add the '(' it should close."
    case .unexpectedCharacter(let character):
      return "unexpected character '\(character)' \(place): conditions are combined with '&&' and '||'."
    case .missingClosingParenthesis(let openedAt):
      return "expected ')' \(place) to close the '(' at position \(openedAt)."
    case .unknownPredicate(let name):
      let known = ConditionPredicate.allCases.map(\.rawValue).joined(separator: ", ")
      return "unknown predicate '\(name)' \(place): the supported predicates are \(known)."
    case .wrongArgumentCount(let name, let expected, let got):
      let usage = ConditionPredicate(rawValue: name)?.usage ?? name
      let plural = expected == 1 ? "argument" : "arguments"
      return "predicate '\(name)' takes \(expected) \(plural) but got \(got) \(place): write \(usage)."
    case .unterminatedArguments(let name):
      return "missing ')' after the arguments of predicate '\(name)' \(place): "
        + "quote an argument that contains ',' or ')'."
    case .unmatchedQuote(let name):
      return "unmatched quote in the arguments of predicate '\(name)' \(place): close it, or escape it as \\\"."
    case .invalidVersion(let name, let argument):
      return "invalid version '\(argument)' for predicate '\(name)' \(place): "
        + "write a version as 'haproxy -v' shows it, such as 2.4, 2.4.1 or 2.4-dev19."
    case .invalidNumber(let name, let argument):
      return "invalid number '\(argument)' for predicate '\(name)' \(place): write a decimal integer such as 35."
    }
  }
}
