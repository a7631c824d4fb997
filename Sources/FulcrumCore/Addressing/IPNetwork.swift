/// An IPv4 or IPv6 network as haproxy.cfg writes it after `except` (`option forwardfor except
/// 127.0.0.0/8`): an address with an optional prefix length, or for IPv4 a dotted mask
/// (`10.0.0.0/255.0.0.0`); no suffix means the single address. A network matches addresses of its
/// own family only: an IPv4 network never matches an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`),
/// as in HAProxy 2.6. Immutable value; any thread.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
  private enum Storage: Hashable, Sendable {
    case v4(network: UInt32, mask: UInt32)
    case v6(high: UInt64, low: UInt64, maskHigh: UInt64, maskLow: UInt64)
  }

  private let storage: Storage
  /// The text it was read from.
  public let description: String

  /// Reads `address`, `address/length` or `a.b.c.d/a.b.c.d`; nil for anything else (a host name,
  /// a prefix out of range, a mask that is not a dotted quad).
  public init?(_ text: String) {
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    guard let addressText = parts.first, let address = IPAddress(addressText) else { return nil }
    let suffix = parts.count == 2 ? parts[1] : nil
    switch address {
    case .v4(let v4):
      var mask = UInt32.max
      if let suffix {
        if let length = Self.prefixLength(suffix, max: 32) {
          mask = length == 0 ? 0 : UInt32.max << (32 - length)
        } else if let dotted = IPv4Address(suffix) {
          mask = dotted.value
        } else {
          return nil
        }
      }
      storage = .v4(network: v4.value & mask, mask: mask)
    case .v6(let v6):
      var length = 128
      if let suffix {
        guard let parsed = Self.prefixLength(suffix, max: 128) else { return nil }
        length = parsed
      }
      let maskHigh: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : UInt64.max << (64 - length))
      let maskLow: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : UInt64.max << (128 - length))
      storage = .v6(high: v6.high & maskHigh, low: v6.low & maskLow, maskHigh: maskHigh, maskLow: maskLow)
    }
    description = text
  }

  /// Whether `address` is in the network (same family only).
  public func contains(_ address: IPAddress) -> Bool {
    switch (storage, address) {
    case (.v4(let network, let mask), .v4(let v4)):
      return v4.value & mask == network
    case (.v6(let high, let low, let maskHigh, let maskLow), .v6(let v6)):
      return v6.high & maskHigh == high && v6.low & maskLow == low
    default:
      return false
    }
  }

  private static func prefixLength(_ text: String, max: Int) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 3, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let value = Int(text), value <= max
    else { return nil }
    return value
  }
}
