/// Why a response Fulcrum should answer by itself (an errorfile, an `http-request return`, a
/// redirect) cannot be built. The message says what is wrong and what to write instead; the
/// runtime prefixes it with the proxy and `file:line`. Immutable value; any thread.
public struct HTTPResponseDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
