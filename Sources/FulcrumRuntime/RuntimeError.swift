/// Why a valid configuration cannot be served by this build, or why starting failed. The
/// message names the proxy and what to change.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
