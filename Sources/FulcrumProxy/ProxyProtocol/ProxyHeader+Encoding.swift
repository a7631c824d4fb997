import FulcrumCore
import NIOCore

extension ProxyHeader {
  /// The most bytes `write(into:)` appends: a version 1 line with two IPv6 addresses.
  public static let maximumEncodedLength = 104

  /// Appends the header in its version's wire format, as HAProxy's `send-proxy` and
  /// `send-proxy-v2` write it: version 1 `TCP4`/`TCP6` lines (IPv6 in `inet_ntop`'s form) or
  /// `PROXY UNKNOWN`; version 2 `PROXY` over TCP4/TCP6, or `LOCAL` with no address for
  /// `.unknown`. No TLV is sent.
  public func write(into buffer: inout ByteBuffer) {
    switch version {
    case .v1: writeVersion1(into: &buffer)
    case .v2: writeVersion2(into: &buffer)
    }
  }

  private func writeVersion1(into buffer: inout ByteBuffer) {
    buffer.writeBytes(ProxyHeader.version1Prefix)
    switch addresses {
    case .unknown:
      buffer.writeStaticString("UNKNOWN\r\n")
      return
    case .tcp4(let source, let destination, let sourcePort, let destinationPort):
      buffer.writeStaticString("TCP4 ")
      ProxyTextEncoding.write(source, into: &buffer)
      buffer.writeInteger(ASCII.space)
      ProxyTextEncoding.write(destination, into: &buffer)
      writePorts(sourcePort, destinationPort, into: &buffer)
    case .tcp6(let source, let destination, let sourcePort, let destinationPort):
      buffer.writeStaticString("TCP6 ")
      ProxyTextEncoding.write(source, into: &buffer)
      buffer.writeInteger(ASCII.space)
      ProxyTextEncoding.write(destination, into: &buffer)
      writePorts(sourcePort, destinationPort, into: &buffer)
    }
    buffer.writeStaticString("\r\n")
  }

  private func writePorts(_ source: UInt16, _ destination: UInt16, into buffer: inout ByteBuffer) {
    buffer.writeInteger(ASCII.space)
    ProxyTextEncoding.writeDecimal(Int(source), into: &buffer)
    buffer.writeInteger(ASCII.space)
    ProxyTextEncoding.writeDecimal(Int(destination), into: &buffer)
  }

  private func writeVersion2(into buffer: inout ByteBuffer) {
    buffer.writeBytes(ProxyHeader.version2Signature)
    switch addresses {
    case .unknown:
      // LOCAL over UNSPEC with no address, as HAProxy sends for a client that is not TCP.
      buffer.writeMultipleIntegers(UInt8(0x20), UInt8(0x00), UInt16(0))
    case .tcp4(let source, let destination, let sourcePort, let destinationPort):
      buffer.writeMultipleIntegers(
        UInt8(0x21), UInt8(0x11), UInt16(12), source.value, destination.value, sourcePort, destinationPort)
    case .tcp6(let source, let destination, let sourcePort, let destinationPort):
      buffer.writeMultipleIntegers(UInt8(0x21), UInt8(0x21), UInt16(36))
      buffer.writeMultipleIntegers(source.high, source.low, destination.high, destination.low)
      buffer.writeMultipleIntegers(sourcePort, destinationPort)
    }
  }
}

/// Writes addresses and numbers as text straight into a `ByteBuffer`, without building strings.
enum ProxyTextEncoding {
  static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
    var divisor = 1
    while divisor * 10 <= value { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      buffer.writeInteger(ASCII.zero + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }

  static func write(_ address: IPv4Address, into buffer: inout ByteBuffer) {
    for shift in stride(from: 24, through: 0, by: -8) {
      if shift != 24 { buffer.writeInteger(ASCII.dot) }
      writeDecimal(Int(address.value >> UInt32(shift) & 0xFF), into: &buffer)
    }
  }

  /// The form `inet_ntop` gives (what HAProxy writes): lowercase groups without leading zeros,
  /// the longest run of two or more zero groups (the first of equal ones) as `::`, and a dotted
  /// tail for IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`) addresses.
  static func write(_ address: IPv6Address, into buffer: inout ByteBuffer) {
    var words = InlineArray<8, UInt16>(repeating: 0)
    for index in 0..<4 {
      words[index] = UInt16(truncatingIfNeeded: address.high >> UInt64(48 - 16 * index))
      words[index + 4] = UInt16(truncatingIfNeeded: address.low >> UInt64(48 - 16 * index))
    }
    var bestStart = -1
    var bestLength = 0
    var runStart = -1
    for index in 0..<8 {
      if words[index] == 0 {
        if runStart < 0 { runStart = index }
        if index - runStart + 1 > bestLength {
          bestStart = runStart
          bestLength = index - runStart + 1
        }
      } else {
        runStart = -1
      }
    }
    if bestLength < 2 { bestStart = -1 }
    for index in 0..<8 {
      if bestStart >= 0, index >= bestStart, index < bestStart + bestLength {
        if index == bestStart { buffer.writeInteger(ASCII.colon) }
        continue
      }
      if index != 0 { buffer.writeInteger(ASCII.colon) }
      if index == 6, bestStart == 0, bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF) {
        write(IPv4Address(UInt32(truncatingIfNeeded: address.low)), into: &buffer)
        return
      }
      writeHexadecimal(words[index], into: &buffer)
    }
    if bestStart >= 0, bestStart + bestLength == 8 { buffer.writeInteger(ASCII.colon) }
  }

  static func writeHexadecimal(_ value: UInt16, into buffer: inout ByteBuffer) {
    var started = false
    for shift in stride(from: 12, through: 0, by: -4) {
      let digit = UInt8(truncatingIfNeeded: value >> UInt16(shift)) & 0x0F
      guard started || digit != 0 || shift == 0 else { continue }
      started = true
      buffer.writeInteger(digit < 10 ? ASCII.zero + digit : UInt8(ascii: "a") + digit - 10)
    }
  }
}
