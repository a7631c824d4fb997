import FulcrumCore
import FulcrumProxy
import Testing

/// The PROXY protocol parser on the examples and limits of HAProxy's `doc/proxy-protocol.txt`,
/// every truncation of them, and the malformed headers a receiver must refuse.
@Suite struct ProxyHeaderParserTests {
  static func parse(
    _ bytes: [UInt8], maximumLength: Int = ProxyHeaderParser.defaultMaximumLength
  )
    -> ProxyHeaderParseResult
  {
    var parser = ProxyHeaderParser(maximumLength: maximumLength)
    return parser.parse(bytes.span)
  }

  static func parse(_ text: String) -> ProxyHeaderParseResult { parse(Array(text.utf8)) }

  static func reason(_ result: ProxyHeaderParseResult) -> ProxyHeaderError.Reason? {
    if case .invalid(let error) = result { return error.reason }
    return nil
  }

  static let signature = ProxyHeader.version2Signature

  /// A version 2 header: signature, version/command, family, length, then `body`.
  static func version2(_ command: UInt8, _ family: UInt8, _ body: [UInt8], length: Int? = nil) -> [UInt8] {
    let count = length ?? body.count
    return signature + [command, family, UInt8(count >> 8), UInt8(count & 0xFF)] + body
  }

  static func ipv4(_ text: String) -> IPv4Address { IPv4Address(text)! }
  static func ipv6(_ text: String) -> IPv6Address { IPv6Address(text)! }

  /// Every example of the specification, with what it must decode to.
  static let examples: [(bytes: [UInt8], header: ProxyHeader)] = [
    (
      Array("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n".utf8),
      ProxyHeader(
        version: .v1,
        addresses: .tcp4(
          source: ipv4("192.168.0.1"), destination: ipv4("192.168.0.11"), sourcePort: 56324, destinationPort: 443))
    ),
    (
      Array("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n".utf8),
      ProxyHeader(
        version: .v1,
        addresses: .tcp4(
          source: ipv4("255.255.255.255"), destination: ipv4("255.255.255.255"), sourcePort: 65535,
          destinationPort: 65535))
    ),
    (
      Array("PROXY TCP6 \(longIPv6) \(longIPv6) 65535 65535\r\n".utf8),
      ProxyHeader(
        version: .v1,
        addresses: .tcp6(
          source: ipv6(longIPv6), destination: ipv6(longIPv6), sourcePort: 65535, destinationPort: 65535))
    ),
    (Array("PROXY UNKNOWN\r\n".utf8), ProxyHeader(version: .v1, addresses: .unknown)),
    (
      Array("PROXY UNKNOWN \(longIPv6) \(longIPv6) 65535 65535\r\n".utf8),
      ProxyHeader(version: .v1, addresses: .unknown)
    ),
    (
      version2(0x21, 0x11, [192, 0, 2, 1, 198, 51, 100, 7, 0xDB, 0xF4, 0x01, 0xBB]),
      ProxyHeader(
        version: .v2,
        addresses: .tcp4(
          source: ipv4("192.0.2.1"), destination: ipv4("198.51.100.7"), sourcePort: 56308, destinationPort: 443))
    ),
    (
      version2(
        0x21, 0x21,
        ipv6("2001:db8::1").bytes + ipv6("2001:db8::2").bytes + [0x04, 0xD2, 0x00, 0x50]),
      ProxyHeader(
        version: .v2,
        addresses: .tcp6(
          source: ipv6("2001:db8::1"), destination: ipv6("2001:db8::2"), sourcePort: 1234, destinationPort: 80))
    ),
    (version2(0x20, 0x00, []), ProxyHeader(version: .v2, addresses: .unknown)),
    // LOCAL must skip whatever length it announces.
    (version2(0x20, 0x11, Array(repeating: 7, count: 12)), ProxyHeader(version: .v2, addresses: .unknown)),
    (version2(0x21, 0x00, []), ProxyHeader(version: .v2, addresses: .unknown)),
    (version2(0x21, 0x12, Array(repeating: 1, count: 12)), ProxyHeader(version: .v2, addresses: .unknown)),
    (version2(0x21, 0x22, Array(repeating: 1, count: 36)), ProxyHeader(version: .v2, addresses: .unknown)),
    (version2(0x21, 0x31, Array(repeating: 0, count: 216)), ProxyHeader(version: .v2, addresses: .unknown)),
    (version2(0x21, 0x32, Array(repeating: 0, count: 216)), ProxyHeader(version: .v2, addresses: .unknown)),
  ]

  static let longIPv6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"

  @Test func decodesEveryExampleOfTheSpecification() {
    for (bytes, header) in Self.examples {
      let payload = Array("GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n".utf8)
      #expect(Self.parse(bytes + payload) == .complete(header, length: bytes.count), "\(bytes)")
    }
  }

  @Test func theSpecificationsLineLengthsHold() {
    #expect(Self.examples[1].bytes.count == 56)
    #expect(Self.examples[2].bytes.count == 104)
    #expect(Self.examples[3].bytes.count == 15)
    #expect(Self.examples[4].bytes.count == ProxyHeader.maximumVersion1Length)
  }

  @Test func everyTruncationNeedsMoreBytes() {
    for (bytes, header) in Self.examples {
      for end in 0..<bytes.count {
        #expect(Self.parse(Array(bytes[..<end])) == .needMoreBytes, "\(bytes) cut at \(end)")
      }
      // The same parser fed one more byte at a time resumes and finishes.
      var parser = ProxyHeaderParser()
      for end in 0..<bytes.count {
        #expect(parser.parse(Array(bytes[..<end]).span) == .needMoreBytes)
      }
      #expect(parser.parse(bytes.span) == .complete(header, length: bytes.count))
    }
  }

  @Test func refusesMalformedVersion1Lines() {
    let cases: [(String, ProxyHeaderError.Reason)] = [
      ("GET / HTTP/1.1\r\n", .notAProxyHeader),
      ("PROXY\r\n", .notAProxyHeader),
      ("PROXI TCP4", .notAProxyHeader),
      ("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", .notAProxyHeader),
      ("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", .unknownProtocol),
      ("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", .unknownProtocol),
      ("PROXY TCP4\r\n", .unknownProtocol),
      ("PROXY UNKNOWNX\r\n", .unknownProtocol),
      ("PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n", .unknownProtocol),
      ("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", .malformedLine),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", .malformedLine),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", .malformedLine),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", .malformedLine),
      ("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", .invalidAddress),
      ("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", .invalidAddress),
      ("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", .invalidAddress),
      ("PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n", .invalidAddress),
      ("PROXY TCP4 ::1 5.6.7.8 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 ::1 1::2::3 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 ::1 12345::1 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 ::1 1:2:3:4:5:6:7:8:9 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 ::1 1:2:3:4:5:6:7 1 2\r\n", .invalidAddress),
      ("PROXY TCP6 ::1 1: 1 2\r\n", .invalidAddress),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", .invalidPort),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", .invalidPort),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 -2\r\n", .invalidPort),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", .bareLineFeed),
      ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", .bareCarriageReturn),
      ("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", .invalidCharacter),
      ("PROXY UNKNOWN \u{7F}\r\n", .invalidCharacter),
    ]
    for (text, reason) in cases {
      #expect(Self.reason(Self.parse(text)) == reason, "\(text.debugDescription)")
    }
  }

  @Test func acceptsWhatInetPtonAcceptsForIPv6() {
    let cases = [
      "::", "::1", "1::", "1::2", "2001:DB8::A", "::ffff:192.0.2.1", "::192.0.2.1", "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "0001:02:3::",
    ]
    for text in cases {
      let line = "PROXY TCP6 \(text) ::1 1 2\r\n"
      guard case .complete(let header, _) = Self.parse(line) else {
        Issue.record("\(text) refused")
        continue
      }
      #expect(
        header.addresses == .tcp6(source: Self.ipv6(text), destination: .loopback, sourcePort: 1, destinationPort: 2))
    }
  }

  @Test func refusesAWrongByteAsSoonAsItArrives() {
    #expect(Self.reason(Self.parse("X")) == .notAProxyHeader)
    #expect(Self.reason(Self.parse("PRO_")) == .notAProxyHeader)
    #expect(Self.reason(Self.parse("PROXY TCP7")) == .unknownProtocol)
    #expect(Self.reason(Self.parse("PROXY UNKNOWN_")) == .unknownProtocol)
    #expect(Self.reason(Self.parse([0x0D, 0x0A, 0x0D, 0x0A, 0x01])) == .notAProxyHeader)
    #expect(Self.reason(Self.parse(Self.signature + [0x11])) == .unsupportedVersion)
    #expect(Self.reason(Self.parse(Self.signature + [0x22])) == .unsupportedCommand)
    #expect(Self.reason(Self.parse(Self.signature + [0x21, 0x13])) == .unsupportedFamily)
    #expect(Self.reason(Self.parse(Self.signature + [0x21, 0x41])) == .unsupportedFamily)
  }

  @Test func boundsTheVersion1Line() {
    let long = "PROXY UNKNOWN " + String(repeating: "a", count: 100)
    #expect(Self.reason(Self.parse(long)) == .lineTooLong)
    // 105 bytes then CRLF is 107: accepted; one more byte is not.
    let fits = "PROXY UNKNOWN " + String(repeating: "a", count: 91) + "\r\n"
    #expect(fits.utf8.count == 107)
    #expect(Self.parse(fits) == .complete(ProxyHeader(version: .v1, addresses: .unknown), length: 107))
    let over = "PROXY UNKNOWN " + String(repeating: "a", count: 92) + "\r\n"
    #expect(Self.reason(Self.parse(over)) == .lineTooLong)
    #expect(Self.reason(Self.parse(Array(over.utf8.dropLast(2)))) == .lineTooLong)
    #expect(Self.parse(Array(fits.utf8.dropLast(2))) == .needMoreBytes)
  }

  @Test func boundsAndChecksTheVersion2Block() {
    let addresses: [UInt8] = [192, 0, 2, 1, 198, 51, 100, 7, 0, 1, 0, 2]
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, [], length: 300), maximumLength: 300)) == .headerTooLong)
    #expect(Self.parse(Self.version2(0x21, 0x11, [], length: 284), maximumLength: 300) == .needMoreBytes)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, [1, 2, 3, 4]))) == .addressesTruncated)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x21, addresses))) == .addressesTruncated)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x31, addresses))) == .addressesTruncated)
    // TLVs: a NOOP fits; one cut short, or a header for a TLV without room, does not.
    let noop: [UInt8] = [0x04, 0x00, 0x02, 0xAA, 0xBB]
    guard case .complete(_, let length) = Self.parse(Self.version2(0x21, 0x11, addresses + noop)) else {
      Issue.record("NOOP TLV refused")
      return
    }
    #expect(length == 16 + 12 + 5)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, addresses + [0x04, 0x00, 0x03, 0xAA]))) == .malformedTLV)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, addresses + [0x04, 0x00]))) == .malformedTLV)
    let authority = [0x02, 0x01, 0x00] + [UInt8](repeating: 0x61, count: 256)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, addresses + authority))) == .oversizedTLV)
    let uniqueID = [0x05, 0x00, 0x81] + [UInt8](repeating: 0x61, count: 129)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, addresses + uniqueID))) == .oversizedTLV)
  }

  @Test func checksTheCRC32CWhenPresent() {
    let addresses: [UInt8] = [192, 0, 2, 1, 198, 51, 100, 7, 0, 1, 0, 2]
    var header = Self.version2(0x21, 0x11, addresses + [0x03, 0x00, 0x04, 0, 0, 0, 0])
    let crc = crc32c(header)
    header.replaceSubrange(
      (header.count - 4)...,
      with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
    guard case .complete = Self.parse(header) else {
      Issue.record("a correct CRC32C was refused")
      return
    }
    header[header.count - 1] ^= 1
    #expect(Self.reason(Self.parse(header)) == .checksumMismatch)
    #expect(Self.reason(Self.parse(Self.version2(0x21, 0x11, addresses + [0x03, 0x00, 0x02, 0, 0]))) == .malformedTLV)
  }

  /// A bit-by-bit CRC-32C, independent of the parser's table.
  func crc32c(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
  }

  @Test func crc32cMatchesItsCheckValue() {
    #expect(crc32c(Array("123456789".utf8)) == 0xE306_9283)
  }
}
