/// The position of a server in its backend, in declaration order: 0 for the first `server` line,
/// backups included. Every per-server table of this module is indexed by it. Immutable value;
/// used on any thread.
public struct ServerIndex: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByIntegerLiteral
{
  /// The zero-based position.
  public var value: Int

  public init(_ value: Int) { self.value = value }

  public init(integerLiteral value: Int) { self.value = value }

  public static func < (lhs: ServerIndex, rhs: ServerIndex) -> Bool { lhs.value < rhs.value }

  public var description: String { "#\(value)" }
}
