import FulcrumConfig
import FulcrumCore
import FulcrumTestSupport
import Testing

/// `bind` addresses; `server` addresses are in ServerAddressParserTests.
@Suite struct AddressParserTests {
  private let resolver = StaticHostResolver(literals: [
    "localhost": ["127.0.0.1"], "dual.example": ["2001:db8::5", "192.0.2.5"], "v6only.example": ["2001:db8::6"],
  ])

  private func bind(_ word: String) throws -> [String] {
    try AddressParser.parseBindAddresses(word, resolver: resolver).map(\.description)
  }

  private func failure(_ word: String) -> ValueError? {
    #expect(throws: ValueError.self) { try AddressParser.parseBindAddresses(word, resolver: resolver) }
  }

  @Test(arguments: [
    (":80", "0.0.0.0:80"), ("*:80", "0.0.0.0:80"), ("0.0.0.0:80", "0.0.0.0:80"), ("127.0.0.1:8080", "127.0.0.1:8080"),
    ("[::]:80", "[::]:80"), (":::80", "[::]:80"), ("::1:80", "[::1]:80"), ("[::1]:80", "[::1]:80"),
    ("[2001:DB8:0::1]:443", "[2001:db8::1]:443"), ("[::ffff:1.2.3.4]:80", "[::ffff:1.2.3.4]:80"),
    ("[1.2.3.4]:80", "1.2.3.4:80"), (":080", "0.0.0.0:80"), (":65535", "0.0.0.0:65535"), (":1", "0.0.0.0:1"),
  ])
  func ipAddresses(word: String, expected: String) throws {
    #expect(try bind(word) == [expected])
  }

  @Test func portRanges() throws {
    let addresses = try AddressParser.parseBindAddresses(":8000-8010", resolver: resolver)
    #expect(addresses == [.ip(.v4(.any), ports: PortRange(8000, 8010)!)])
    #expect(addresses.first?.socketCount == 11)
    #expect(try bind("[::1]:80-81") == ["[::1]:80-81"])
    #expect(try bind("*:80-80") == ["0.0.0.0:80"])
    #expect(try bind(":1-65535") == ["0.0.0.0:1-65535"])
  }

  @Test(arguments: [
    ("ipv4@:80", "0.0.0.0:80"), ("ipv6@:80", "[::]:80"), ("ipv6@*:80", "[::]:80"), ("ipv6@[::1]:80", "[::1]:80"),
    ("ipv6@::1:80", "[::1]:80"), ("ip@:80", "0.0.0.0:80"), ("ip@[::1]:80", "[::1]:80"), ("ip@1.2.3.4:80", "1.2.3.4:80"),
    ("tcp@:80", "0.0.0.0:80"), ("tcp4@:80", "0.0.0.0:80"), ("tcp6@:80", "[::]:80"), ("stream+ipv4@:80", "0.0.0.0:80"),
    ("stream+tcp6@:80", "[::]:80"),
  ])
  func familyPrefixes(word: String, expected: String) throws {
    #expect(try bind(word) == [expected])
  }

  @Test func localSockets() throws {
    #expect(
      try AddressParser.parseBindAddresses("unix@/run/x.sock", resolver: resolver) == [.unixPath("/run/x.sock")])
    #expect(try bind("/run/x.sock") == ["/run/x.sock"])
    #expect(try bind("unix@rel.sock") == ["unix@rel.sock"])
    #expect(try bind("uxst@/tmp/x") == ["/tmp/x"])
    #expect(try bind("stream+unix@/tmp/x") == ["/tmp/x"])
    #expect(try bind("/tmp/x:80") == ["/tmp/x:80"])
    #expect(try bind("/tmp/a@b") == ["/tmp/a@b"])
    #expect(try bind("abns@fulcrum") == ["abns@fulcrum"])
    #expect(try AddressParser.parseBindAddresses("fd@3", resolver: resolver) == [.inheritedFD(3)])
    #expect(try bind("fd@0") == ["fd@0"])
    #expect(try AddressParser.parseBindAddresses("sockpair@4", resolver: resolver) == [.socketPair(4)])
  }

  @Test func commaSeparatedLists() throws {
    #expect(try bind("0.0.0.0:80,:443") == ["0.0.0.0:80", "0.0.0.0:443"])
    #expect(try bind("1.2.3.4:80,unix@/tmp/x,[::]:81") == ["1.2.3.4:80", "/tmp/x", "[::]:81"])
    #expect(try bind(":80,") == ["0.0.0.0:80"])
    let leading = failure(",:80")
    #expect(leading?.message == "empty address in ',:80' for 'bind'")
    #expect(leading?.hint == "remove the extra ',', or set the environment variable the address is taken from")
    #expect(failure("1.2.3.4:80,,:81")?.message == "empty address in '1.2.3.4:80,,:81' for 'bind'")
    #expect(failure(":80,:0")?.message.hasPrefix("invalid port '0' in ':0'") == true)
  }

  @Test func hostNamesAreResolvedToTheFirstAddress() throws {
    #expect(try bind("localhost:80") == ["127.0.0.1:80"])
    #expect(try bind("LOCALHOST:80,:81") == ["127.0.0.1:80", "0.0.0.0:81"])
    #expect(try bind("dual.example:80") == ["[2001:db8::5]:80"])
    #expect(try bind("ipv4@dual.example:80") == ["192.0.2.5:80"])
    #expect(try bind("[localhost]:80") == ["127.0.0.1:80"])
  }

  @Test func unresolvableHostNamesFailWithABindHint() {
    let error = failure("nosuchhost.invalid:80")
    #expect(
      error?.message
        == "could not resolve address 'nosuchhost.invalid' (Name or service not known) in 'nosuchhost.invalid:80'"
        + " for 'bind'")
    #expect(error?.hint?.hasPrefix("a listening address is resolved once") == true)
    #expect(failure("ipv4@v6only.example:80")?.message.contains("to an IPv4 address") == true)
    let octets = failure("300.1.1.1:80")
    #expect(
      octets?.message
        == "could not resolve address '300.1.1.1' (Name or service not known) in '300.1.1.1:80' for 'bind'")
    #expect(octets?.hint?.hasPrefix("'300.1.1.1' is not an IPv4 address, as each of its 4 parts") == true)
    #expect(octets?.hint?.contains("a listening address is resolved once") == true)
  }

  @Test func ipAddressesNeedAPort() {
    let error = failure("127.0.0.1")
    #expect(error?.message == "missing port in '127.0.0.1' for 'bind'")
    #expect(
      error?.hint
        == "a TCP listener needs a port: write '127.0.0.1:80', or a range such as '127.0.0.1:8000-8010'")
    #expect(failure("1.2.3.4:")?.hint?.contains("'1.2.3.4:80'") == true)
    #expect(failure("*")?.hint?.contains("'*:80'") == true)
    #expect(failure("[::1]")?.hint?.contains("'[::1]:80'") == true)
    #expect(failure("ipv6@")?.hint?.contains("'ipv6@:80'") == true)
    let path = failure("ipv4@/tmp/x")
    #expect(path?.message == "invalid address '/tmp/x' in 'ipv4@/tmp/x' for 'bind'")
    #expect(path?.hint == "for a unix socket, write 'unix@/tmp/x'")
  }

  @Test func invalidPorts() {
    let zero = failure(":0")
    #expect(zero?.message == "invalid port '0' in ':0' for 'bind': ports range from 1 to 65535")
    #expect(zero?.hint == "write a port from 1 to 65535")
    #expect(failure(":65536")?.message == "invalid port '65536' in ':65536' for 'bind': ports range from 1 to 65535")
    #expect(failure(":99999999999999999999")?.message.contains("ports range from 1 to 65535") == true)
    #expect(failure(":80a")?.message == "invalid port '80a' in ':80a' for 'bind': not a number")
    #expect(failure(":8O")?.message == "invalid port '8O' in ':8O' for 'bind': not a number")
    #expect(failure(":80 ")?.message.hasSuffix("not a number") == true)
    #expect(failure(":65535-65536")?.message.hasPrefix("invalid port '65536'") == true)
  }

  @Test func invalidPortRanges() {
    let reversed = failure(":80-70")
    #expect(
      reversed?.message == "invalid port range '80-70' in ':80-70' for 'bind': the first port is higher than the last")
    #expect(reversed?.hint == "write '70-80'")
    let open = failure("1.2.3.4:80-")
    #expect(open?.message == "incomplete port range '80-' in '1.2.3.4:80-' for 'bind'")
    #expect(open?.hint == "write both ends, e.g. '80-80'")
    #expect(
      failure(":-80")?.message == "port offset '-80' in ':-80' for 'bind': offsets are only meaningful for a server")
    #expect(failure(":+80")?.hint == "write a port or a range of ports, e.g. '80' or '8000-8010'")
    #expect(failure(":80-8O")?.message.hasPrefix("invalid port '8O'") == true)
  }

  @Test func malformedAddresses() {
    let unclosed = failure("[::1")
    #expect(unclosed?.message == "missing ']' in '[::1' for 'bind'")
    #expect(failure("[::1]80")?.message == "expected ':' after ']' in '[::1]80' for 'bind'")
    #expect(failure("[::1]80")?.hint == "write '[::1]:80'")
    #expect(failure("[]:80")?.message == "empty brackets in '[]:80' for 'bind'")
    #expect(failure("[*]:80")?.message == "invalid address '*' in '[*]:80' for 'bind'")
    #expect(failure(" :80")?.message == "invalid address ' ' in ' :80' for 'bind'")
    #expect(failure("a/b:80")?.message == "invalid address 'a/b' in 'a/b:80' for 'bind'")
    #expect(failure("")?.message == "missing address for 'bind'")
  }

  @Test func bareIPv6WithoutPortAsksForBrackets() {
    let error = failure("::1")
    #expect(
      error?.message
        == "IPv6 address '::1' in '::1' for 'bind' must be written in brackets, as the part after its last ':' is"
        + " read as the port")
    #expect(error?.hint == "write '[::1]:PORT', e.g. '[::1]:80'")
    #expect(failure("ipv6@2001:db8::1")?.hint == "write 'ipv6@[2001:db8::1]:PORT', e.g. 'ipv6@[2001:db8::1]:80'")
  }

  @Test func scopedIPv6IsRejected() {
    let error = failure("[fe80::1%lo]:80")
    #expect(error?.message == "scoped IPv6 address 'fe80::1%lo' in '[fe80::1%lo]:80' for 'bind' is not supported")
    #expect(error?.hint?.hasPrefix("remove the '%lo' zone") == true)
    #expect(failure("fe80::1%lo:80")?.message.hasPrefix("scoped IPv6 address") == true)
  }

  @Test func familyPrefixMustMatchTheAddress() {
    let error = failure("ipv6@1.2.3.4:80")
    #expect(
      error?.message == "'1.2.3.4' in 'ipv6@1.2.3.4:80' for 'bind' is an IPv4 address, but the prefix asks for IPv6")
    #expect(error?.hint == "remove the prefix, or write an IPv6 address")
    #expect(failure("ipv4@::1:80")?.message.hasSuffix("is an IPv6 address, but the prefix asks for IPv4") == true)
    #expect(failure("tcp6@1.2.3.4:80") != nil)
    #expect(failure("ipv4@[::1]:80") != nil)
  }

  @Test(arguments: [
    "udp@:514", "udp4@:514", "udp6@:514", "uxdg@/tmp/x", "dgram+ipv4@:80", "quic4@:443", "quic6@:443",
    "quic+ipv4@:443", "mptcp@:80", "mptcp4@:80", "mptcp6@:80", "abnsz@x", "rhttp@be/srv",
  ])
  func unsupportedPrefixesNameThePrefix(word: String) {
    let prefix = word[..<word.firstIndex(of: "@")!]
    let error = failure(word)
    #expect(
      error?.message.hasPrefix("address prefix '\(prefix)@' in '\(word)' for 'bind' is not supported by Fulcrum: ")
        == true)
    #expect(error?.hint?.isEmpty == false)
  }

  @Test func unknownPrefixes() {
    let error = failure("foo@1.2.3.4:80")
    #expect(error?.message == "unknown address prefix 'foo@' in 'foo@1.2.3.4:80' for 'bind'")
    #expect(
      error?.hint
        == "use one of 'ipv4@', 'ipv6@', 'ip@', 'tcp@', 'tcp4@', 'tcp6@', 'unix@', 'uxst@', 'abns@', 'fd@', 'sockpair@',"
        + " or no prefix for an IP address or host name")
    #expect(failure("IPV4@:80")?.hint == "prefixes are lower case: write 'ipv4@:80'")
    #expect(failure("Unix@/tmp/x")?.hint == "prefixes are lower case: write 'unix@/tmp/x'")
    #expect(failure("stream+foo@:80")?.message == "unknown address prefix 'stream+foo@' in 'stream+foo@:80' for 'bind'")
  }

  @Test func invalidLocalSockets() {
    #expect(failure("unix@")?.message == "missing socket path in 'unix@' for 'bind'")
    #expect(failure("abns@")?.message == "missing abstract socket name in 'abns@' for 'bind'")
    let longPath = "/tmp/" + String(repeating: "a", count: 92)
    let tooLong = failure(longPath + "a")
    #expect(tooLong?.message == "socket path '\(longPath)a' for 'bind' is too long: 98 bytes, at most 97")
    #expect((try? bind(longPath)) == [longPath])
    #expect(failure("abns@" + String(repeating: "a", count: 108))?.message.hasSuffix("108 bytes, at most 107") == true)
    #expect((try? bind("abns@" + String(repeating: "a", count: 107))) != nil)
  }

  @Test(arguments: ["fd@", "fd@abc", "fd@-1", "fd@3:80", "fd@2147483648", "sockpair@abc"])
  func invalidFileDescriptors(word: String) {
    let error = failure(word)
    #expect(error?.message.hasPrefix("invalid file descriptor") == true)
    #expect(error?.hint?.hasPrefix("write a non-negative integer, e.g. '") == true)
  }

  @Test func keywordAppearsInMessages() {
    let error = #expect(throws: ValueError.self) {
      try AddressParser.parseListenAddress(":0", keyword: "peer", resolver: resolver)
    }
    #expect(error?.message.hasSuffix("for 'peer': ports range from 1 to 65535") == true)
  }
}
