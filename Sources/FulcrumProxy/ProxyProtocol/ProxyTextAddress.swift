import FulcrumCore

/// The text forms of a version 1 PROXY line: dotted IPv4 addresses and decimal ports in the
/// specification's strict grammar, IPv6 addresses as `inet_pton` reads them (what HAProxy uses:
/// hexadecimal groups, one `::`, an optional dotted IPv4 tail). Pure functions over bytes;
/// nothing allocates.
enum ProxyTextAddress {
  /// A decimal port from 0 to 65535 without leading zeros.
  static func port(_ bytes: Span<UInt8>, _ range: Range<Int>) -> UInt16? {
    guard !range.isEmpty, range.count <= 5 else { return nil }
    if range.count > 1, bytes[range.lowerBound] == ASCII.zero { return nil }
    var value = 0
    for index in range {
      guard let digit = decimal(bytes[index]) else { return nil }
      value = value * 10 + digit
    }
    return value <= 65535 ? UInt16(value) : nil
  }

  /// Four decimal numbers from 0 to 255 without leading zeros, separated by single dots.
  static func ipv4(_ bytes: Span<UInt8>, _ range: Range<Int>) -> IPv4Address? {
    var value: UInt32 = 0
    var part = 0
    var digits = 0
    var dots = 0
    for index in range {
      let byte = bytes[index]
      if byte == ASCII.dot {
        guard digits > 0, dots < 3 else { return nil }
        value = value << 8 | UInt32(part)
        dots += 1
        part = 0
        digits = 0
      } else if let digit = decimal(byte) {
        guard digits == 0 || part != 0 else { return nil }
        part = part * 10 + digit
        digits += 1
        guard part <= 255 else { return nil }
      } else {
        return nil
      }
    }
    guard digits > 0, dots == 3 else { return nil }
    return IPv4Address(value << 8 | UInt32(part))
  }

  /// An IPv6 address as `inet_pton(AF_INET6, ...)` accepts it.
  static func ipv6(_ bytes: Span<UInt8>, _ range: Range<Int>) -> IPv6Address? {
    var words = InlineArray<8, UInt16>(repeating: 0)
    var count = 0
    var gap: Int?
    var index = range.lowerBound
    let end = range.upperBound
    guard index < end else { return nil }
    if bytes[index] == ASCII.colon {
      // A leading colon is only valid as the first half of `::`.
      guard index + 1 < end, bytes[index + 1] == ASCII.colon else { return nil }
      index += 1
    }
    var groupStart = index
    var value = 0
    var digits = 0
    while index < end {
      let byte = bytes[index]
      if let digit = hexadecimal(byte) {
        digits += 1
        guard digits <= 4 else { return nil }
        value = value << 4 | digit
      } else if byte == ASCII.colon {
        if digits == 0 {
          guard gap == nil else { return nil }
          gap = count
        } else {
          // A single colon may not end the address.
          guard index + 1 < end, count < 8 else { return nil }
          words[count] = UInt16(value)
          count += 1
          value = 0
          digits = 0
        }
        groupStart = index + 1
      } else if byte == ASCII.dot {
        // A dotted IPv4 address ends the text and fills the last two groups.
        guard count <= 6, let tail = ipv4(bytes, groupStart..<end) else { return nil }
        words[count] = UInt16(truncatingIfNeeded: tail.value >> 16)
        words[count + 1] = UInt16(truncatingIfNeeded: tail.value)
        count += 2
        digits = 0
        index = end
        break
      } else {
        return nil
      }
      index += 1
    }
    if digits > 0 {
      guard count < 8 else { return nil }
      words[count] = UInt16(value)
      count += 1
    }
    if let gap {
      guard count < 8 else { return nil }
      // Move the groups after `::` to the end; the ones in between are zero.
      let moved = count - gap
      for offset in 0..<moved {
        words[7 - offset] = words[count - 1 - offset]
        words[count - 1 - offset] = 0
      }
    } else if count != 8 {
      return nil
    }
    var high: UInt64 = 0
    var low: UInt64 = 0
    for index in 0..<4 {
      high = high << 16 | UInt64(words[index])
      low = low << 16 | UInt64(words[index + 4])
    }
    return IPv6Address(high: high, low: low)
  }

  static func decimal(_ byte: UInt8) -> Int? {
    byte >= ASCII.zero && byte <= ASCII.nine ? Int(byte - ASCII.zero) : nil
  }

  static func hexadecimal(_ byte: UInt8) -> Int? {
    switch byte {
    case ASCII.zero...ASCII.nine: Int(byte - ASCII.zero)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
  }
}
