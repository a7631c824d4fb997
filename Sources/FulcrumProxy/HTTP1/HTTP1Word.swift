/// Compares short lowercase names eight bytes at a time: the field names the parser interprets
/// and the tokens of `Connection` and `Transfer-Encoding`. Constants and pure functions; any
/// thread.
///
/// A word is up to eight bytes loaded little-endian, zero past the length, with bit 5 set in
/// every byte. That folds ASCII letters to lowercase, and it is an exact comparison with the
/// constants below because they hold only lowercase letters and `-`: the only other bytes that
/// fold onto those are CR (onto `-`) and uppercase letters, and CR never occurs in a name or a
/// field value.
enum HTTP1Word {
  static let te: UInt64 = 0x0000_0000_0000_6574
  static let host: UInt64 = 0x0000_0000_7473_6F68
  static let expect: UInt64 = 0x0000_7463_6570_7865
  static let upgrade: UInt64 = 0x0065_6461_7267_7075
  static let trailer: UInt64 = 0x0072_656C_6961_7274
  static let close: UInt64 = 0x0000_0065_736F_6C63
  static let chunked: UInt64 = 0x0064_656B_6E75_6863
  /// `connecti` and `nnection`, the first and last eight bytes of `connection`.
  static let connection: (UInt64, UInt64) = (0x6974_6365_6E6E_6F63, 0x6E6F_6974_6365_6E6E)
  /// `keep-ali` and `ep-alive`.
  static let keepAlive: (UInt64, UInt64) = (0x696C_612D_7065_656B, 0x6576_696C_612D_7065)
  /// `content-` and `t-length`.
  static let contentLength: (UInt64, UInt64) = (0x2D74_6E65_746E_6F63, 0x6874_676E_656C_2D74)
  /// `proxy-co` and `nnection`.
  static let proxyConnection: (UInt64, UInt64) = (0x6F63_2D79_786F_7270, 0x6E6F_6974_6365_6E6E)
  /// `transfer` and `encoding`; byte 8 is `-`.
  static let transferEncoding: (UInt64, UInt64) = (0x7265_6673_6E61_7274, 0x676E_6964_6F63_6E65)

  /// The folded word of the `length` (at most 8) bytes at `offset`.
  @inline(__always)
  static func folded(_ raw: RawSpan, _ offset: Int, _ length: Int) -> UInt64 {
    var word: UInt64 = 0
    if offset &+ 8 <= raw.byteCount {
      word = UInt64(littleEndian: raw.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
    } else {
      for index in 0..<length {
        word |= UInt64(raw.unsafeLoadUnaligned(fromByteOffset: offset &+ index, as: UInt8.self)) << (index &* 8)
      }
    }
    let mask: UInt64 = length >= 8 ? ~0 : (1 << UInt64(length &* 8)) &- 1
    return (word | 0x2020_2020_2020_2020) & mask
  }

  /// Whether the `length` (9 to 16) bytes at `offset` fold to the pair of words `name` (its first
  /// and last eight bytes).
  @inline(__always)
  static func matches(_ raw: RawSpan, _ offset: Int, _ length: Int, _ name: (UInt64, UInt64)) -> Bool {
    folded(raw, offset, 8) == name.0 && folded(raw, offset &+ length &- 8, 8) == name.1
  }
}
