import FulcrumCore

extension ProxyHeaderParser {
  /// The family and transport bytes the specification defines, and the address block each
  /// carries: TCP over IPv4 or IPv6 is decoded, the others leave the socket's addresses.
  static func addressLength(family: UInt8) -> Int? {
    switch family {
    case 0x00: 0
    case 0x11, 0x12: 12
    case 0x21, 0x22: 36
    case 0x31, 0x32: 216
    default: nil
    }
  }

  /// TLV types with a size limit (HAProxy refuses longer ones) or a check.
  enum TLVType {
    static let authority: UInt8 = 0x02
    static let checksum: UInt8 = 0x03
    static let uniqueID: UInt8 = 0x05
    static let authorityLimit = 255
    static let uniqueIDLimit = 128
  }

  /// Decodes a version 2 header whose signature (as far as `bytes` go) has been checked.
  static func version2(_ bytes: Span<UInt8>, maximumLength: Int) -> ProxyHeaderParseResult {
    let fixed = ProxyHeader.version2FixedLength
    guard bytes.count > 12 else { return .needMoreBytes }
    guard bytes[12] >> 4 == 2 else { return .invalid(ProxyHeaderError(.unsupportedVersion, offset: 12)) }
    let command = bytes[12] & 0x0F
    guard command <= 1 else { return .invalid(ProxyHeaderError(.unsupportedCommand, offset: 12)) }
    guard bytes.count > 13 else { return .needMoreBytes }
    let family = bytes[13]
    // LOCAL ignores the family byte, as the specification says.
    let addressLength = command == 0 ? 0 : Self.addressLength(family: family)
    guard let addressLength else { return .invalid(ProxyHeaderError(.unsupportedFamily, offset: 13)) }
    guard bytes.count >= fixed else { return .needMoreBytes }
    let length = fixed + (Int(bytes[14]) << 8 | Int(bytes[15]))
    guard length <= maximumLength else { return .invalid(ProxyHeaderError(.headerTooLong, offset: 14)) }
    guard length - fixed >= addressLength else { return .invalid(ProxyHeaderError(.addressesTruncated, offset: 14)) }
    guard bytes.count >= length else { return .needMoreBytes }
    guard command == 1, family != 0x00 else {
      // LOCAL, or PROXY over UNSPEC: nothing in the block is an address or a TLV.
      return .complete(ProxyHeader(version: .v2, addresses: .unknown), length: length)
    }
    if let failure = checkTLVs(bytes, from: fixed + addressLength, to: length) { return .invalid(failure) }
    let addresses: ProxyHeader.Addresses
    switch family {
    case 0x11:
      addresses = .tcp4(
        source: IPv4Address(readUInt32(bytes, at: 16)), destination: IPv4Address(readUInt32(bytes, at: 20)),
        sourcePort: readUInt16(bytes, at: 24), destinationPort: readUInt16(bytes, at: 26))
    case 0x21:
      addresses = .tcp6(
        source: IPv6Address(high: readUInt64(bytes, at: 16), low: readUInt64(bytes, at: 24)),
        destination: IPv6Address(high: readUInt64(bytes, at: 32), low: readUInt64(bytes, at: 40)),
        sourcePort: readUInt16(bytes, at: 48), destinationPort: readUInt16(bytes, at: 50))
    default:
      // UDP and UNIX sockets: skipped, as the specification allows; the socket's addresses stand.
      addresses = .unknown
    }
    return .complete(ProxyHeader(version: .v2, addresses: addresses), length: length)
  }

  /// Walks the TLVs between the addresses and the end of the header: each must fit, the
  /// authority and unique ID within their limits, a CRC32C must be 4 bytes and match.
  static func checkTLVs(_ bytes: Span<UInt8>, from start: Int, to end: Int) -> ProxyHeaderError? {
    var offset = start
    while offset < end {
      guard offset + 3 <= end else { return ProxyHeaderError(.malformedTLV, offset: offset) }
      let type = bytes[offset]
      let valueLength = Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
      let valueStart = offset + 3
      guard valueStart + valueLength <= end else { return ProxyHeaderError(.malformedTLV, offset: offset) }
      switch type {
      case TLVType.authority where valueLength > TLVType.authorityLimit,
        TLVType.uniqueID where valueLength > TLVType.uniqueIDLimit:
        return ProxyHeaderError(.oversizedTLV, offset: offset)
      case TLVType.checksum:
        guard valueLength == 4 else { return ProxyHeaderError(.malformedTLV, offset: offset) }
        let expected = readUInt32(bytes, at: valueStart)
        let computed = CRC32C.checksum(bytes.extracting(0..<end), zeroing: valueStart..<valueStart + 4)
        guard computed == expected else { return ProxyHeaderError(.checksumMismatch, offset: offset) }
      default:
        break
      }
      offset = valueStart + valueLength
    }
    return nil
  }

  static func readUInt16(_ bytes: Span<UInt8>, at offset: Int) -> UInt16 {
    UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
  }

  static func readUInt32(_ bytes: Span<UInt8>, at offset: Int) -> UInt32 {
    UInt32(readUInt16(bytes, at: offset)) << 16 | UInt32(readUInt16(bytes, at: offset + 2))
  }

  static func readUInt64(_ bytes: Span<UInt8>, at offset: Int) -> UInt64 {
    UInt64(readUInt32(bytes, at: offset)) << 32 | UInt64(readUInt32(bytes, at: offset + 4))
  }
}
