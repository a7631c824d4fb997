/// CRC-32C (Castagnoli, RFC 4960 appendix B), the checksum a version 2 PROXY header may carry
/// in a `PP2_TYPE_CRC32C` TLV. Table-driven; the table is built once. Pure; any thread.
enum CRC32C {
  static let table: [UInt32] = (0..<256).map { index in
    var crc = UInt32(index)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    return crc
  }

  /// The checksum of `bytes`, reading the bytes at `zeroed` as zero (the checksum field itself).
  static func checksum(_ bytes: Span<UInt8>, zeroing zeroed: Range<Int> = 0..<0) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for index in 0..<bytes.count {
      let byte = zeroed.contains(index) ? 0 : bytes[index]
      crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
    }
    return crc ^ 0xFFFF_FFFF
  }
}
