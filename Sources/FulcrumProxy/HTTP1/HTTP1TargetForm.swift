/// The form of a request target (RFC 9112 §3.2). Value; any thread.
public enum HTTP1TargetForm: UInt8, Hashable, Sendable {
  /// `/path?query`
  case origin
  /// `http://authority/path?query`
  case absolute
  /// `host:port`, for CONNECT only.
  case authority
  /// `*`
  case asterisk
}
