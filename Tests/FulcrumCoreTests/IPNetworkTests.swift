import FulcrumCore
import Testing

/// `except` networks: the forms HAProxy reads and family-strict matching.
@Suite struct IPNetworkTests {
  func matches(_ network: String, _ address: String) throws -> Bool {
    try #require(IPNetwork(network)).contains(try #require(IPAddress(address)))
  }

  @Test func ipv4Forms() throws {
    #expect(try matches("127.0.0.0/8", "127.1.2.3"))
    #expect(try !matches("127.0.0.0/8", "128.0.0.1"))
    #expect(try matches("127.0.0.0/255.0.0.0", "127.9.9.9"))
    #expect(try matches("10.1.2.3", "10.1.2.3"))
    #expect(try !matches("10.1.2.3", "10.1.2.4"))
    #expect(try matches("0.0.0.0/0", "203.0.113.9"))
    #expect(try matches("10.1.2.99/24", "10.1.2.1"))
  }

  @Test func ipv6Forms() throws {
    #expect(try matches("::1", "::1"))
    #expect(try matches("2001:db8::/32", "2001:db8:ffff::1"))
    #expect(try !matches("2001:db8::/33", "2001:db8:ffff::1"))
    #expect(try matches("2001:db8::/96", "2001:db8::abcd:1"))
    #expect(try !matches("2001:db8::/127", "2001:db8::2"))
    #expect(try matches("::/0", "fe80::1"))
  }

  @Test func familiesNeverCross() throws {
    #expect(try !matches("127.0.0.0/8", "::ffff:127.0.0.1"))
    #expect(try !matches("::1/128", "127.0.0.1"))
    #expect(try matches("::ffff:127.0.0.1/128", "::ffff:127.0.0.1"))
  }

  @Test(arguments: [
    "", "host.example", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129", "::1/255.0.0.0", "10.0.0.0/-1",
  ])
  func refuses(_ text: String) {
    #expect(IPNetwork(text) == nil)
  }

  @Test func keepsItsText() throws {
    #expect(try #require(IPNetwork("10.0.0.0/8")).description == "10.0.0.0/8")
  }
}
