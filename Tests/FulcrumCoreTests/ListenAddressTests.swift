import FulcrumCore
import Testing

@Suite struct ListenAddressTests {
  @Test func portRangesAreValidated() throws {
    #expect(PortRange(80)?.description == "80")
    #expect(PortRange(8000, 8010)?.description == "8000-8010")
    #expect(PortRange(8000, 8010)?.count == 11)
    #expect(PortRange(1, 65535)?.count == 65535)
    #expect(PortRange(0) == nil)
    #expect(PortRange(65536) == nil)
    #expect(PortRange(80, 70) == nil)
    let range = try #require(PortRange(80, 82))
    #expect(Array(range.ports) == [80, 81, 82])
    #expect(range.contains(81))
    #expect(!range.contains(83))
  }

  @Test func descriptionsAreHAProxySyntax() throws {
    let http = try #require(PortRange(80))
    #expect(ListenAddress.ip(.v4(.any), ports: http).description == "0.0.0.0:80")
    #expect(ListenAddress.ip(.v6(.any), ports: http).description == "[::]:80")
    let range = try #require(PortRange(8000, 8010))
    #expect(ListenAddress.ip(.v6(.loopback), ports: range).description == "[::1]:8000-8010")
    #expect(ListenAddress.unixPath("/run/lb.sock").description == "/run/lb.sock")
    #expect(ListenAddress.unixPath("lb.sock").description == "unix@lb.sock")
    #expect(ListenAddress.abstractNamespace("lb").description == "abns@lb")
    #expect(ListenAddress.inheritedFD(3).description == "fd@3")
    #expect(ListenAddress.socketPair(4).description == "sockpair@4")
  }

  @Test func socketCountIsOnePerPort() throws {
    let range = try #require(PortRange(8000, 8010))
    #expect(ListenAddress.ip(.v4(.any), ports: range).socketCount == 11)
    #expect(ListenAddress.unixPath("/x").socketCount == 1)
    #expect(ListenAddress.inheritedFD(3).socketCount == 1)
  }
}
