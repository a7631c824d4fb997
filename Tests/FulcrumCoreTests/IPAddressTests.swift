import FulcrumCore
import Testing

@Suite struct IPAddressTests {
  @Test func parsesStrictDottedQuads() {
    #expect(IPv4Address("192.0.2.1") == IPv4Address(192, 0, 2, 1))
    #expect(IPv4Address("0.0.0.0") == .any)
    #expect(IPv4Address("255.255.255.255")?.value == 0xFFFF_FFFF)
    #expect(IPv4Address("127.0.0.1")?.value == 0x7F00_0001)
    for text in ["300.1.1.1", "1.2.3", "127.1", "1.2.3.4.5", "01.2.3.4", "", " 1.2.3.4", "a.b.c.d", "::1"] {
      #expect(IPv4Address(text) == nil, "\(text)")
    }
  }

  @Test func ipv4Properties() {
    let address = IPv4Address(10, 1, 2, 3)
    #expect(address.bytes == [10, 1, 2, 3])
    #expect(address.description == "10.1.2.3")
    #expect(IPv4Address.loopback.isLoopback)
    #expect(IPv4Address(127, 9, 9, 9).isLoopback)
    #expect(!address.isLoopback)
    #expect(IPv4Address.any.isAny)
    #expect(IPv4Address(1, 0, 0, 0) < IPv4Address(2, 0, 0, 0))
  }

  @Test func parsesIPv6AndPrintsCanonicalText() {
    #expect(IPv6Address("::1") == .loopback)
    #expect(IPv6Address("::") == .any)
    #expect(IPv6Address("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
    #expect(IPv6Address("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
    #expect(IPv6Address("::ffff:192.0.2.1")?.description == "::ffff:192.0.2.1")
    #expect(IPv6Address("::ffff:192.0.2.1")?.mappedIPv4 == IPv4Address(192, 0, 2, 1))
    #expect(IPv6Address("::1")?.mappedIPv4 == nil)
    for text in ["[::1]", "fe80::1%lo", ":::1", "1.2.3.4", "", "2001:db8::g"] {
      #expect(IPv6Address(text) == nil, "\(text)")
    }
  }

  @Test func ipv6BytesRoundTrip() throws {
    let address = try #require(IPv6Address("2001:db8::a:b"))
    #expect(address.bytes.count == 16)
    #expect(address.bytes.prefix(4) == [0x20, 0x01, 0x0d, 0xb8])
    #expect(IPv6Address(bytes: address.bytes) == address)
    #expect(IPv6Address(bytes: [1, 2, 3]) == nil)
    #expect(IPv6Address.any < address)
  }

  @Test func ipAddressPicksTheFamily() {
    #expect(IPAddress("192.0.2.1") == .v4(IPv4Address(192, 0, 2, 1)))
    #expect(IPAddress("::1") == .v6(.loopback))
    #expect(IPAddress("example.com") == nil)
    #expect(IPAddress("::1")?.family == .ipv6)
    #expect(IPAddress.any(.ipv4) == .v4(.any))
    #expect(IPAddress.any(.ipv6).isAny)
    #expect(IPAddress("::1")?.description == "::1")
    #expect(IPAddress("::1")?.hostForPort == "[::1]")
    #expect(IPAddress("192.0.2.1")?.hostForPort == "192.0.2.1")
    #expect(IPFamily.ipv6.prefix == "ipv6@")
  }
}
