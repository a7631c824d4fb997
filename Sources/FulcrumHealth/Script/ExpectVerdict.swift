/// What an `expect` step concluded from the bytes received so far. Immutable value.
public enum ExpectVerdict: Sendable, Equatable {
  /// Not conclusive yet: read more (unless no more can come).
  case needMore
  /// The step passed. `outcome` is what the check reports if this is its last expect (nil:
  /// the script's own success); `stop` ends the script here (a 404 under `disable-on-404`).
  case passed(CheckOutcome?, stop: Bool)
  /// The step failed; the check reports `outcome`.
  case failed(CheckOutcome)

  /// Passed, leaving the outcome to the script.
  public static let passed = ExpectVerdict.passed(nil, stop: false)
}
