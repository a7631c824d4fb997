import FulcrumConfig
import FulcrumCore
import Testing

@Suite struct ServerAddressParserTests {
  private func server(_ text: String) throws -> ServerAddressSpec {
    try AddressParser.parseServerAddress(text)
  }

  private func failure(_ text: String) -> ValueError? {
    #expect(throws: ValueError.self) { try AddressParser.parseServerAddress(text) }
  }

  @Test func ipv4WithAndWithoutPort() throws {
    #expect(try server("1.2.3.4:80") == .ip(.v4(IPv4Address(1, 2, 3, 4)), port: .fixed(80)))
    #expect(try server("1.2.3.4") == .ip(.v4(IPv4Address(1, 2, 3, 4)), port: .clientPort))
    #expect(try server("1.2.3.4:") == .ip(.v4(IPv4Address(1, 2, 3, 4)), port: .clientPort))
    #expect(try server("1.2.3.4:0") == .ip(.v4(IPv4Address(1, 2, 3, 4)), port: .clientPort))
    #expect(try server("1.2.3.4:00080").description == "1.2.3.4:80")
    #expect(try server("1.2.3.4:65535").description == "1.2.3.4:65535")
  }

  @Test(arguments: [
    ("[::1]:80", "[::1]:80"), ("::1:80", "[::1]:80"), ("[::1]", "[::1]"), ("[2001:db8::10]:+5", "[2001:db8::10]:+5"),
    ("ipv6@[::1]:80", "[::1]:80"), ("ip@::1:80", "[::1]:80"), ("[1.2.3.4]:80", "1.2.3.4:80"), ("[::]", "[::]"),
  ])
  func ipv6Forms(text: String, expected: String) throws {
    #expect(try server(text).description == expected)
  }

  @Test func portOffsetsFollowTheClientPort() throws {
    let plus = try server("1.2.3.4:+10")
    #expect(plus.port == .clientPortOffset(10))
    #expect(plus.description == "1.2.3.4:+10")
    #expect(try server("1.2.3.4:-10").port == .clientPortOffset(-10))
    #expect(try server("1.2.3.4:+0").port == .clientPort)
    #expect(try server("1.2.3.4:+65535").port == .clientPortOffset(65535))
    #expect(try server("1.2.3.4:-65535").port == .clientPortOffset(-65535))
  }

  @Test func anyAddressMeansTheClientDestination() throws {
    for text in ["*:80", ":80", "0.0.0.0", "ipv4@", "*", "tcp@:80"] {
      let spec = try server(text)
      #expect(spec.isClientDestination, "\(text)")
      #expect(spec.description.hasPrefix("0.0.0.0"), "\(text)")
    }
    #expect(try server("ipv6@") == .ip(.v6(.any), port: .clientPort))
    #expect(try server("ipv6@").isClientDestination)
    #expect(try !server("1.2.3.4").isClientDestination)
  }

  @Test func hostNamesAreKeptForInitAddr() throws {
    #expect(try server("app.example:8080") == .hostName("app.example", family: nil, port: .fixed(8080)))
    #expect(try server("localhost") == .hostName("localhost", family: nil, port: .clientPort))
    #expect(try server("ipv6@app.example:80") == .hostName("app.example", family: .ipv6, port: .fixed(80)))
    #expect(try server("ipv6@app.example:80").description == "ipv6@app.example:80")
    #expect(try server("my_host.example:-1").description == "my_host.example:-1")
    #expect(try server("127.1:80") == .hostName("127.1", family: nil, port: .fixed(80)))
    #expect(try server("300.1.1.1:80") == .hostName("300.1.1.1", family: nil, port: .fixed(80)))
    #expect(try server("[localhost]:80") == .hostName("localhost", family: nil, port: .fixed(80)))
  }

  @Test func localSockets() throws {
    #expect(try server("/run/app.sock") == .unixPath("/run/app.sock"))
    #expect(try server("unix@app.sock").description == "unix@app.sock")
    #expect(try server("abns@app") == .abstractNamespace("app"))
    #expect(try server("sockpair@4") == .socketPair(4))
    #expect(try server("/run/app.sock").port == nil)
  }

  @Test func inheritedDescriptorsAreNotServers() {
    let error = failure("fd@3")
    #expect(error?.message.hasPrefix("'fd@' in 'fd@3' is not accepted by 'server'") == true)
    #expect(error?.hint?.contains("sockpair@N") == true)
    #expect(failure("fd@3")?.hint?.contains("unknown") != true)
    #expect(failure("bad@3")?.hint?.contains("'fd@'") == false)
  }

  @Test func invalidPorts() {
    #expect(
      failure("1.2.3.4:99999")?.message
        == "invalid port '99999' in '1.2.3.4:99999' for 'server': ports range from 1 to 65535")
    #expect(failure("1.2.3.4:65536") != nil)
    #expect(failure("1.2.3.4:80a")?.message.hasSuffix("not a number") == true)
    let range = failure("1.2.3.4:80-90")
    #expect(range?.message == "port range '80-90' in '1.2.3.4:80-90' for 'server': a server connects to one port")
    #expect(range?.hint?.hasPrefix("write a single port") == true)
  }

  @Test(arguments: ["+", "-", "+-5", "++5", "+5x", "+ 5"])
  func malformedOffsets(port: String) {
    let error = failure("1.2.3.4:\(port)")
    #expect(error?.message == "invalid port offset '\(port)' in '1.2.3.4:\(port)' for 'server'")
    #expect(error?.hint == "write '+N' or '-N' to add to or subtract from the client's port, e.g. '+1000'")
  }

  @Test func offsetsBeyondThePortRangeAreRejected() {
    let error = failure("1.2.3.4:+70000")
    #expect(error?.message == "port offset '+70000' in '1.2.3.4:+70000' for 'server' is out of range")
    #expect(error?.hint == "write an offset from -65535 to +65535")
    #expect(failure("1.2.3.4:-65536") != nil)
  }

  @Test func bareIPv6WithoutPortAsksForBrackets() {
    let error = failure("::1")
    #expect(error?.message.hasPrefix("IPv6 address '::1' in '::1' for 'server' must be written in brackets") == true)
    #expect(error?.hint == "write '[::1]:PORT', e.g. '[::1]:80', or '[::1]'")
    #expect(failure("2001:db8::1")?.hint == "write '[2001:db8::1]:PORT', e.g. '[2001:db8::1]:80', or '[2001:db8::1]'")
  }

  @Test func malformedAddresses() {
    #expect(failure("")?.message == "missing address for 'server'")
    #expect(failure("[::1")?.message == "missing ']' in '[::1' for 'server'")
    let list = failure("1.2.3.4:80,5.6.7.8:80")
    #expect(list?.message == "invalid address '1.2.3.4:80,5.6.7.8' in '1.2.3.4:80,5.6.7.8:80' for 'server'")
    #expect(list?.hint == "write one address; for several servers, write one line for each")
    #expect(failure("ipv6@1.2.3.4")?.message.hasSuffix("is an IPv4 address, but the prefix asks for IPv6") == true)
    #expect(failure("udp@1.2.3.4:80")?.message.hasPrefix("address prefix 'udp@'") == true)
    #expect(failure("quic4@1.2.3.4:443")?.message.contains("not supported by Fulcrum") == true)
    #expect(failure("foo@1.2.3.4:80")?.message == "unknown address prefix 'foo@' in 'foo@1.2.3.4:80' for 'server'")
    #expect(failure("-bad host:80")?.message == "invalid address '-bad host' in '-bad host:80' for 'server'")
  }

  @Test func descriptionsParseBackToTheSameSpec() throws {
    for text in [
      "1.2.3.4:80", "1.2.3.4", "[::1]:+5", "[2001:db8::1]:-7", "app.example", "ipv4@app.example:9",
      "/run/a.sock", "unix@a.sock", "abns@a", "sockpair@3", "0.0.0.0:80",
    ] {
      let spec = try server(text)
      #expect(try server(spec.description) == spec, "\(text)")
    }
  }
}
