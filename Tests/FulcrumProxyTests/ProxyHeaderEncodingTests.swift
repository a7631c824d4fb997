import FulcrumCore
import FulcrumProxy
import FulcrumTestSupport
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The PROXY protocol encoder: the bytes HAProxy's `send-proxy` and `send-proxy-v2` write
/// (checked against a capture of HAProxy 2.6), `inet_ntop`'s IPv6 text, the choice of family
/// from two socket addresses, and encode → parse round trips.
@Suite struct ProxyHeaderEncodingTests {
  static func encoded(_ header: ProxyHeader) -> [UInt8] {
    var buffer = ByteBuffer()
    header.write(into: &buffer)
    return Array(buffer.readableBytesView)
  }

  static func text(_ header: ProxyHeader) -> String { String(decoding: encoded(header), as: UTF8.self) }

  static func addresses(_ client: SocketAddress?, _ local: SocketAddress?) -> ProxyHeader.Addresses {
    ProxyHeader.Addresses(client: client, local: local)
  }

  static func socket(_ ip: String, _ port: Int) -> SocketAddress { try! SocketAddress(ipAddress: ip, port: port) }

  @Test func writesWhatHAProxyWrites() throws {
    // Captured from HAProxy 2.6 with `server ... send-proxy` / `send-proxy-v2`.
    let tcp4 = Self.addresses(Self.socket("127.0.0.1", 52036), Self.socket("127.0.0.1", 47455))
    #expect(Self.text(ProxyHeader(version: .v1, addresses: tcp4)) == "PROXY TCP4 127.0.0.1 127.0.0.1 52036 47455\r\n")
    let v2 = ProxyHeader(
      version: .v2, addresses: Self.addresses(Self.socket("127.0.0.1", 51016), Self.socket("127.0.0.1", 58059)))
    #expect(
      Self.encoded(v2)
        == ProxyHeader.version2Signature + [0x21, 0x11, 0x00, 0x0C, 127, 0, 0, 1, 127, 0, 0, 1, 0xC7, 0x48, 0xE2, 0xCB])
    let unix = try SocketAddress(unixDomainSocketPath: "/tmp/x.sock")
    #expect(Self.addresses(unix, Self.socket("127.0.0.1", 1)) == .unknown)
    #expect(Self.addresses(nil, nil) == .unknown)
    #expect(Self.text(ProxyHeader(version: .v1, addresses: .unknown)) == "PROXY UNKNOWN\r\n")
    #expect(
      Self.encoded(ProxyHeader(version: .v2, addresses: .unknown)) == ProxyHeader.version2Signature + [0x20, 0, 0, 0])
    let mixed = Self.addresses(Self.socket("1.2.3.4", 1111), Self.socket("2001:db8::1", 2222))
    #expect(
      Self.text(ProxyHeader(version: .v1, addresses: mixed)) == "PROXY TCP6 ::ffff:1.2.3.4 2001:db8::1 1111 2222\r\n")
  }

  @Test func socketAddressesComeBackFromAHeader() throws {
    let addresses = Self.addresses(Self.socket("2001:db8::7", 40000), Self.socket("::1", 443))
    let sockets = try #require(addresses.socketAddresses)
    #expect(sockets.client == Self.socket("2001:db8::7", 40000))
    #expect(sockets.local == Self.socket("::1", 443))
    let ipv4 = try #require(Self.addresses(Self.socket("10.0.0.1", 5), Self.socket("10.0.0.2", 6)).socketAddresses)
    #expect(ipv4.client == Self.socket("10.0.0.1", 5))
    #expect(ipv4.local == Self.socket("10.0.0.2", 6))
    #expect(ProxyHeader.Addresses.unknown.socketAddresses == nil)
  }

  /// `inet_ntop`'s text of the 16 bytes.
  static func systemText(_ address: IPv6Address) -> String {
    var raw = in6_addr()
    withUnsafeMutableBytes(of: &raw) { bytes in
      for (index, byte) in address.bytes.enumerated() { bytes[index] = byte }
    }
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Addresses with runs of zero groups where `inet_ntop`'s choices show: several runs, runs of
  /// one, at either end, IPv4-mapped and IPv4-compatible.
  static func randomIPv6(_ random: inout SplitMix64) -> IPv6Address {
    var words = (0..<8).map { _ in
      random.next() % 3 == 0 ? 0 : UInt16(truncatingIfNeeded: random.next() >> (random.next() % 16))
    }
    switch random.next() % 6 {
    case 0: words = [0, 0, 0, 0, 0, 0xFFFF, words[6], words[7]]
    case 1: words = [0, 0, 0, 0, 0, 0, words[6], words[7]]
    default: break
    }
    let high = words[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    let low = words[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    return IPv6Address(high: high, low: low)
  }

  static func randomHeader(_ random: inout SplitMix64) -> ProxyHeader {
    let version: ProxyHeader.Version = random.next() % 2 == 0 ? .v1 : .v2
    let ports = (
      UInt16(truncatingIfNeeded: random.next()), UInt16(truncatingIfNeeded: random.next() % 3 == 0 ? 0 : random.next())
    )
    switch random.next() % 3 {
    case 0:
      return ProxyHeader(version: version, addresses: .unknown)
    case 1:
      return ProxyHeader(
        version: version,
        addresses: .tcp4(
          source: IPv4Address(UInt32(truncatingIfNeeded: random.next())),
          destination: IPv4Address(UInt32(truncatingIfNeeded: random.next() >> (random.next() % 32))),
          sourcePort: ports.0, destinationPort: ports.1))
    default:
      return ProxyHeader(
        version: version,
        addresses: .tcp6(
          source: randomIPv6(&random), destination: randomIPv6(&random), sourcePort: ports.0, destinationPort: ports.1))
    }
  }

  @Test func writesIPv6AsInetNtopDoes() {
    var random = SplitMix64(seed: 0x5EED_0006)
    var fixed = ["::", "::1", "1::", "::ffff:1.2.3.4", "::1.2.3.4", "1:0:0:2:0:0:0:3", "1:0:2:0:3:0:4:0", "0:0:1::"]
      .map { IPv6Address($0)! }
    for _ in 0..<2000 { fixed.append(Self.randomIPv6(&random)) }
    for address in fixed {
      let header = ProxyHeader(
        version: .v1, addresses: .tcp6(source: address, destination: .loopback, sourcePort: 1, destinationPort: 2))
      #expect(Self.text(header) == "PROXY TCP6 \(Self.systemText(address)) ::1 1 2\r\n")
    }
  }

  @Test func roundTripsThroughTheParser() {
    var random = SplitMix64(seed: 0x5EED_0007)
    for _ in 0..<5000 {
      let header = Self.randomHeader(&random)
      let bytes = Self.encoded(header)
      #expect(bytes.count <= ProxyHeader.maximumEncodedLength)
      var parser = ProxyHeaderParser()
      #expect(parser.parse((bytes + [0x47, 0x45, 0x54]).span) == .complete(header, length: bytes.count), "\(header)")
    }
  }
}
