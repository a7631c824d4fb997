/// The tokens of a message's `Connection` header fields that the proxy acts on. Any other token
/// names a hop-by-hop field the proxy must remove (RFC 9110 §7.6.1): `.other` says there is at
/// least one; ``HTTP1ListCursor`` walks them. Value; any thread.
public struct HTTP1ConnectionOptions: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let close = HTTP1ConnectionOptions(rawValue: 1 << 0)
  public static let keepAlive = HTTP1ConnectionOptions(rawValue: 1 << 1)
  public static let upgrade = HTTP1ConnectionOptions(rawValue: 1 << 2)
  public static let other = HTTP1ConnectionOptions(rawValue: 1 << 3)
}
