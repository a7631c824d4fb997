/// The protocol version of a message, as far as framing and keep-alive care: `HTTP/1.0`, or
/// `HTTP/1.1` and any later `1.x` (RFC 9110 §2.5: minor versions are compatible). Value; any
/// thread.
public enum HTTP1Version: UInt8, Hashable, Sendable {
  case http10
  case http11
}
