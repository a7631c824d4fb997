/// The TCP ports a `bind` address listens on: one port (`80`) or an inclusive range
/// (`8000-8010`), each from 1 to 65535. Every port of the range gets its own listening socket.
/// Immutable value; used on any thread.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
  /// The lowest valid port.
  public static let minimumPort = 1
  /// The highest valid port.
  public static let maximumPort = 65535

  public let lower: UInt16
  public let upper: UInt16

  /// A range of ports; nil unless `1 <= lower <= upper <= 65535`.
  public init?(_ lower: Int, _ upper: Int) {
    guard Self.minimumPort <= lower, lower <= upper, upper <= Self.maximumPort else { return nil }
    self.lower = UInt16(lower)
    self.upper = UInt16(upper)
  }

  /// A single port; nil unless it is from 1 to 65535.
  public init?(_ port: Int) { self.init(port, port) }

  /// The ports, lowest first.
  public var ports: ClosedRange<UInt16> { lower...upper }

  /// How many ports, hence how many sockets, the range covers.
  public var count: Int { Int(upper) - Int(lower) + 1 }

  public func contains(_ port: UInt16) -> Bool { ports.contains(port) }

  /// `80` for one port, `8000-8010` for a range.
  public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}
