/// Which way a message travels, which decides the status of a parse error: a bad request is
/// answered by Fulcrum itself (400, 422, 505), a bad response becomes a 502 for the client.
/// Value; any thread.
public enum HTTP1MessageSide: UInt8, Hashable, Sendable {
  case request
  case response
}
