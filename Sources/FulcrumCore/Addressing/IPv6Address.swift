#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One IPv6 address, held as its 16 bytes in network order. No scope (zone) identifier:
/// haproxy.cfg has no syntax for one. Immutable value; used on any thread.
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The first eight bytes, most significant first.
  public var high: UInt64
  /// The last eight bytes, most significant first.
  public var low: UInt64

  /// `::`, which a `bind` reads as "every IPv6 address of the host" and a `server` as "the
  /// address the client connected to".
  public static let any = IPv6Address(high: 0, low: 0)
  /// `::1`.
  public static let loopback = IPv6Address(high: 0, low: 1)

  public init(high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
  }

  /// Builds the address from 16 bytes in network order; nil when `bytes` is not 16 long.
  public init?(bytes: [UInt8]) {
    guard bytes.count == 16 else { return nil }
    high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
    low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// Reads the textual forms `inet_pton` accepts (`::1`, `2001:db8::5`, `::ffff:192.0.2.1`),
  /// without brackets and without a `%zone`. Returns nil for anything else.
  public init?(_ text: String) {
    var address = in6_addr()
    guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
    let raw = withUnsafeBytes(of: &address) { Array($0) }
    self.init(bytes: raw)
  }

  /// The 16 bytes in network order.
  public var bytes: [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
      + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
  }

  /// True for `::`.
  public var isAny: Bool { high == 0 && low == 0 }

  /// True for `::1`.
  public var isLoopback: Bool { high == 0 && low == 1 }

  /// The IPv4 address this one maps (`::ffff:a.b.c.d`), if it is such a mapped address.
  public var mappedIPv4: IPv4Address? {
    guard high == 0, low >> 32 == 0xFFFF else { return nil }
    return IPv4Address(UInt32(truncatingIfNeeded: low))
  }

  public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
    (lhs.high, lhs.low) < (rhs.high, rhs.low)
  }

  /// The canonical compressed text of RFC 5952 (`2001:db8::1`), without brackets.
  public var description: String {
    var address = in6_addr()
    withUnsafeMutableBytes(of: &address) { raw in
      for (index, byte) in bytes.enumerated() { raw[index] = byte }
    }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else {
      return bytes.map { String($0, radix: 16) }.joined(separator: ":")
    }
    let utf8 = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: utf8, as: UTF8.self)
  }
}
