/// A misuse of `.if`/`.elif`/`.else`/`.endif` found by `ConditionalBlocks`, with the location
/// to report it at. Immutable value; any thread.
public enum ConditionalBlockError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `.elif` with no open `.if` in this file.
  case loneElif(at: SourceLocation)
  /// `.else` with no open `.if` in this file.
  case loneElse(at: SourceLocation)
  /// `.endif` with no open `.if` in this file.
  case loneEndif(at: SourceLocation)
  /// `.elif` after the block's `.else` (at `elseAt`).
  case elifAfterElse(at: SourceLocation, elseAt: SourceLocation)
  /// A second `.else` in one block; the first is at `elseAt`.
  case elseAfterElse(at: SourceLocation, elseAt: SourceLocation)
  /// The `.if` at `openedAt` is still open at the end of its file.
  case unclosedIf(openedAt: SourceLocation)
  /// `.if` nested deeper than `limit` levels.
  case tooDeeplyNested(at: SourceLocation, limit: Int)
  /// The condition of the `.if` or `.elif` at `at` does not parse. The block is then skipped
  /// entirely, with no later branch taken, so the one error does not cascade.
  case invalidCondition(ConditionError, directive: ConditionalBlocks.Directive, at: SourceLocation)

  /// Where to report the error.
  public var location: SourceLocation {
    switch self {
    case .loneElif(let at), .loneElse(let at), .loneEndif(let at): at
    case .elifAfterElse(let at, _), .elseAfterElse(let at, _): at
    case .unclosedIf(let openedAt): openedAt
    case .tooDeeplyNested(let at, _): at
    case .invalidCondition(_, _, let at): at
    }
  }

  public var description: String {
    switch self {
    case .loneElif:
      "lone '.elif' with no matching '.if': add the '.if' that opens this block, or remove the '.elif'."
    case .loneElse:
      "lone '.else' with no matching '.if': add the '.if' that opens this block, or remove the '.else'."
    case .loneEndif:
      "lone '.endif' with no matching '.if': remove it, or add the '.if' it should close."
    case .elifAfterElse(_, let elseAt):
      "'.elif' after '.else' is not permitted: move it before the '.else' at \(elseAt)."
    case .elseAfterElse(_, let elseAt):
      "'.else' after '.else' is not permitted: a block takes one '.else' (the first is at \(elseAt)); "
        + "use '.elif <condition>' for more branches."
    case .unclosedIf(let openedAt):
      "non-terminated '.if' block opened at \(openedAt): add the matching '.endif' before the end of the file "
        + "(a block cannot span files)."
    case .tooDeeplyNested(_, let limit):
      "too many nested '.if', max is \(limit): combine conditions with '&&' and '||' instead of nesting."
    case .invalidCondition(let error, let directive, _):
      "invalid '\(directive)' condition: \(error)"
    }
  }
}
