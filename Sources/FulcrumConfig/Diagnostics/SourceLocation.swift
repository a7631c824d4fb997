/// Where a statement came from: the file as named on the command line and its 1-based line.
/// Immutable value; used on any thread.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int

  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  /// `file:line`, as HAProxy prints it inside `parsing [...]`.
  public var description: String { "\(file):\(line)" }
}
