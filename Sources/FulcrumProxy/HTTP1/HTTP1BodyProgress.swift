/// What a body framer found in the bytes it was given. Value; any thread.
public enum HTTP1BodyProgress: Hashable, Sendable {
  /// All `count` bytes belong to the body (chunk framing included, forwarded as it came); the
  /// message goes on.
  case body(count: Int)
  /// The first `count` bytes end the message; what follows is the next message.
  case end(count: Int)
  /// The body is invalid at the error's offset: the bytes before it may have been forwarded
  /// already, so close both connections.
  case invalid(HTTP1ParseError)
}
