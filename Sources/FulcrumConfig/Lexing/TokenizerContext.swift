/// What a line is tokenized against: the environment for `$VAR` expansion and the values of
/// the pseudo-variables `.FILE`, `.LINE` and `.SECTION`. Value type; one per line.
public struct TokenizerContext: Sendable {
  public var environment: ConfigEnvironment
  public var file: String
  public var line: Int
  /// Name of the current section, or its type for unnamed ones (`global`); empty before any.
  public var section: String

  public init(environment: ConfigEnvironment, file: String, line: Int, section: String) {
    self.environment = environment
    self.file = file
    self.line = line
    self.section = section
  }
}
