#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One IPv4 address, held as a 32-bit number in host byte order (`127.0.0.1` is `0x7F00_0001`).
/// Immutable value; used on any thread.
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The address in host byte order.
  public var value: UInt32

  /// `0.0.0.0`, which a `bind` reads as "every IPv4 address of the host" and a `server` as
  /// "the address the client connected to".
  public static let any = IPv4Address(0)
  /// `127.0.0.1`.
  public static let loopback = IPv4Address(127, 0, 0, 1)

  public init(_ value: UInt32) { self.value = value }

  public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
    value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
  }

  /// Reads a strict dotted quad (`192.0.2.1`), as `inet_pton` does: four decimal parts from 0
  /// to 255, no leading zeros, nothing around them. Returns nil for anything else, including the
  /// short and octal forms (`127.1`, `010.0.0.1`) that only a resolver would accept.
  public init?(_ text: String) {
    var address = in_addr()
    guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
    value = UInt32(bigEndian: address.s_addr)
  }

  /// The four bytes in network order.
  public var bytes: [UInt8] {
    [
      UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
      UInt8(truncatingIfNeeded: value),
    ]
  }

  /// True for `0.0.0.0`.
  public var isAny: Bool { value == 0 }

  /// True for `127.0.0.0/8`.
  public var isLoopback: Bool { value >> 24 == 127 }

  public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

  /// The dotted quad, e.g. `192.0.2.1`.
  public var description: String { bytes.map(String.init).joined(separator: ".") }
}
