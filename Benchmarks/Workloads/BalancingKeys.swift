/// The keys a backend's picks hash, one per simulated request, in one byte array: client IPv4
/// addresses for `balance source`, request targets for `balance uri`, nothing for the
/// algorithms that take no key. The values come from a fixed-seed generator, so every run hashes
/// the same keys. Immutable after init; any thread.
public struct BalancingKeys: Sendable {
  /// How many distinct keys a run cycles through.
  static let count = 4_096

  let bytes: [UInt8]
  /// Each key's bytes in `bytes`.
  let ranges: [Range<Int>]

  /// No key: every pick gets an empty span.
  public static let none = BalancingKeys(bytes: [], ranges: [0..<0])

  /// Client addresses spread over 10.0.0.0/8, 4 bytes each in network order.
  public static func clientAddresses() -> BalancingKeys {
    var random = SplitMix64(seed: 0xF00D)
    var bytes: [UInt8] = []
    var ranges: [Range<Int>] = []
    for _ in 0..<count {
      let host = UInt32(truncatingIfNeeded: random.next()) & 0x00FF_FFFF
      ranges.append(bytes.count..<bytes.count + 4)
      bytes += [10, UInt8(host >> 16 & 0xFF), UInt8(host >> 8 & 0xFF), UInt8(host & 0xFF)]
    }
    return BalancingKeys(bytes: bytes, ranges: ranges)
  }

  /// Origin-form targets of a site's pages and assets, 20 to 70 bytes, with query strings on
  /// some (`balance uri` hashes the path up to the `?`).
  public static func requestTargets() -> BalancingKeys {
    let sections = ["static/img", "static/js", "products", "api/v2/items", "search", "account/orders"]
    var random = SplitMix64(seed: 0xBEEF)
    var bytes: [UInt8] = []
    var ranges: [Range<Int>] = []
    for index in 0..<count {
      let section = sections[Int(random.next() % UInt64(sections.count))]
      var target = "/\(section)/item-\(random.next() % 100_000).html"
      if index % 3 == 0 { target += "?ref=home&page=\(random.next() % 50)" }
      ranges.append(bytes.count..<bytes.count + target.utf8.count)
      bytes += Array(target.utf8)
    }
    return BalancingKeys(bytes: bytes, ranges: ranges)
  }
}

/// Sebastiano Vigna's SplitMix64: a fixed-seed source of test keys. Value type; any thread.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
