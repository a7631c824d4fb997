/// The one problem a keyword handler found in its statement; the compiler reports it as an
/// alert at the statement's line. The message says what is wrong and what to write instead.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
