import FulcrumConfig
import FulcrumCore
import FulcrumTestSupport
import Testing

@Suite struct HostResolverTests {
  private let system = SystemHostResolver()

  @Test func systemResolvesLocalhostToLoopback() throws {
    let addresses = try system.resolve("localhost", family: nil)
    #expect(!addresses.isEmpty)
    #expect(addresses.allSatisfy { $0 == .v4(.loopback) || $0 == .v6(.loopback) })
    #expect(Set(addresses).count == addresses.count)
    #expect(try system.resolve("localhost", family: .ipv4) == [.v4(.loopback)])
  }

  @Test func systemReturnsLiteralsAsTheyAre() throws {
    #expect(try system.resolve("127.0.0.1", family: nil) == [.v4(.loopback)])
    #expect(try system.resolve("::1", family: nil) == [.v6(.loopback)])
    // The short form HAProxy also accepts through the resolver (`bind 127.1:80`).
    #expect(try system.resolve("127.1", family: nil) == [.v4(.loopback)])
  }

  @Test func systemFailureNamesTheHostAndSuggestsInitAddr() {
    let error = #expect(throws: ValueError.self) { try system.resolve("nosuchhost.invalid", family: nil) }
    #expect(error?.message.hasPrefix("could not resolve address 'nosuchhost.invalid' (") == true)
    #expect(error?.hint?.contains("'init-addr last,libc,none'") == true)
  }

  @Test func systemHonoursTheFamily() {
    let error = #expect(throws: ValueError.self) { try system.resolve("127.0.0.1", family: .ipv6) }
    #expect(error?.message.hasPrefix("could not resolve address '127.0.0.1' to an IPv6 address (") == true)
  }

  @Test func unresolvableMessage() {
    let error = ValueError.unresolvable(host: "db", family: nil, reason: "Name or service not known")
    #expect(error.message == "could not resolve address 'db' (Name or service not known)")
    #expect(
      error.hint
        == "check the name and the system resolver (/etc/hosts, /etc/resolv.conf), or add 'init-addr last,libc,none'"
        + " to the server (or to 'default-server') so it starts in maintenance until the name resolves")
    let octets = ValueError.unresolvable(host: "300.1.1.1", family: .ipv4, reason: "x")
    #expect(octets.message == "could not resolve address '300.1.1.1' to an IPv4 address (x)")
    #expect(
      octets.hint?.hasPrefix(
        "'300.1.1.1' is not an IPv4 address, as each of its 4 parts must be from 0 to 255, so it was looked up as a"
          + " host name; check the name") == true)
  }

  @Test func staticResolverFiltersByFamilyAndIgnoresCase() throws {
    let resolver = StaticHostResolver(literals: ["App.Example": ["2001:db8::1", "192.0.2.1", "not-an-ip"]])
    #expect(try resolver.resolve("app.example", family: nil) == [IPAddress("2001:db8::1")!, IPAddress("192.0.2.1")!])
    #expect(try resolver.resolve("APP.EXAMPLE", family: .ipv4) == [IPAddress("192.0.2.1")!])
    let unknown = #expect(throws: ValueError.self) { try resolver.resolve("db.example", family: nil) }
    #expect(unknown?.message == "could not resolve address 'db.example' (Name or service not known)")
    let v4Only = StaticHostResolver(["v4": [.v4(.loopback)]])
    #expect(throws: ValueError.self) { try v4Only.resolve("v4", family: .ipv6) }
  }
}
