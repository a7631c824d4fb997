/// The hash functions of `hash-type`, computed over key bytes as HAProxy computes them: 32-bit
/// unsigned arithmetic that wraps. Immutable value; any thread.
public enum HashFunction: String, Sendable, CaseIterable {
  /// The sdbm database's hash: `h = c + (h << 6) + (h << 16) - h`, from 0. HAProxy's default.
  case sdbm
  /// Dan Bernstein's hash: `h = h * 33 + c`, from 5381.
  case djb2
  /// HAProxy's own wt6: two 32-bit lanes mixed with data-dependent rotations.
  case wt6
  /// The CRC-32 of Ethernet, gzip and PNG (reflected polynomial 0xEDB88320).
  case crc32
  /// No hashing: the key is read as a decimal integer (optional sign, digits up to the first
  /// other byte), saturated to 64 bits and truncated to 32.
  case none

  /// The hash of `bytes`.
  public func hash(_ bytes: Span<UInt8>) -> UInt32 {
    switch self {
    case .sdbm: Self.sdbm(bytes)
    case .djb2: Self.djb2(bytes)
    case .wt6: Self.wt6(bytes)
    case .crc32: Self.crc32(bytes)
    case .none: Self.integer(bytes)
    }
  }

  static func sdbm(_ bytes: Span<UInt8>) -> UInt32 {
    var hash: UInt32 = 0
    for index in bytes.indices {
      hash = UInt32(bytes[index]) &+ (hash << 6) &+ (hash << 16) &- hash
    }
    return hash
  }

  static func djb2(_ bytes: Span<UInt8>) -> UInt32 {
    var hash: UInt32 = 5381
    for index in bytes.indices {
      hash = (hash << 5) &+ hash &+ UInt32(bytes[index])
    }
    return hash
  }

  static func wt6(_ bytes: Span<UInt8>) -> UInt32 {
    var lane0: UInt32 = 0xa53c_965a
    var lane1: UInt32 = 0x5ca6_953a
    var rotation0: UInt32 = 6
    var rotation1: UInt32 = 18
    for index in bytes.indices {
      let byte = UInt32(bytes[index])
      lane0 = ~(lane0 ^ byte)
      lane1 = ~(lane1 &+ byte)
      let rotated1 = rotateLeft(lane1, by: rotation0)
      lane1 = rotateLeft(lane0, by: rotation1)
      lane0 = rotated1
      let mix = ((lane0 >> 16) ^ lane1) & 0xffff
      rotation0 = mix & 0x1f
      rotation1 = mix >> 11
    }
    return lane0 ^ lane1
  }

  /// A left rotation where a count of 0 (or 32) leaves the value unchanged, as wt6's C shifts
  /// behave on the machines HAProxy runs on.
  private static func rotateLeft(_ value: UInt32, by count: UInt32) -> UInt32 {
    let count = count & 31
    return count == 0 ? value : (value << count) | (value >> (32 - count))
  }

  static func crc32(_ bytes: Span<UInt8>) -> UInt32 {
    let table = crc32Table
    var crc: UInt32 = 0xffff_ffff
    for index in bytes.indices {
      crc = (crc >> 8) ^ table[Int((crc ^ UInt32(bytes[index])) & 0xff)]
    }
    return ~crc
  }

  /// The CRC of each byte value, eight bit steps at a time (1 KiB, built on first use).
  static let crc32Table: [UInt32] = (0..<256).map { byte in
    var crc = UInt32(byte)
    for _ in 0..<8 { crc = (crc >> 1) ^ (0xedb8_8320 & (0 &- (crc & 1))) }
    return crc
  }

  static func integer(_ bytes: Span<UInt8>) -> UInt32 {
    var index = 0
    var negative = false
    if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var magnitude: UInt64 = 0
    while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
      if overflow1 || overflow2 {
        magnitude = .max
        break
      }
      magnitude = sum
      index += 1
    }
    let value: Int64
    if negative {
      value = magnitude > UInt64(Int64.max) + 1 ? .min : Int64(truncatingIfNeeded: 0 &- magnitude)
    } else {
      value = magnitude > UInt64(Int64.max) ? .max : Int64(magnitude)
    }
    return UInt32(truncatingIfNeeded: value)
  }

  /// Bob Jenkins' full-avalanche 32-bit integer hash, then a multiplication by a large prime:
  /// the `avalanche` modifier of `hash-type`, and how consistent hashing places server points.
  public static func avalanche(_ value: UInt32) -> UInt32 {
    var a = value
    a = (a &+ 0x7ed5_5d16) &+ (a << 12)
    a = (a ^ 0xc761_c23c) ^ (a >> 19)
    a = (a &+ 0x1656_67b1) &+ (a << 5)
    a = (a &+ 0xd3a2_646c) ^ (a << 9)
    a = (a &+ 0xfd70_46c5) &+ (a << 3)
    a = (a ^ 0xb55a_4f09) ^ (a >> 16)
    return a &* 3_221_225_473
  }
}
