import FulcrumCore
import Testing

@Suite struct ServerAddressSpecTests {
  @Test func portsFollowTheClientOrStayFixed() {
    #expect(ServerPort.fixed(8080).port(forClientPort: 80) == 8080)
    #expect(ServerPort.clientPort.port(forClientPort: 443) == 443)
    #expect(ServerPort.clientPortOffset(1000).port(forClientPort: 80) == 1080)
    #expect(ServerPort.clientPortOffset(-10).port(forClientPort: 80) == 70)
    #expect(ServerPort.clientPortOffset(10).port(forClientPort: 65530) == 4)
    #expect(ServerPort.clientPortOffset(-100).port(forClientPort: 80) == 65516)
    #expect(ServerPort.clientPortOffset(5).followsClient)
    #expect(!ServerPort.fixed(5).followsClient)
  }

  @Test func portDescriptions() {
    #expect(ServerPort.fixed(80).description == "80")
    #expect(ServerPort.clientPortOffset(5).description == "+5")
    #expect(ServerPort.clientPortOffset(-5).description == "-5")
    #expect(ServerPort.clientPort.description == "+0")
  }

  @Test func descriptionsAreHAProxySyntax() {
    let v4 = IPAddress.v4(IPv4Address(192, 0, 2, 10))
    #expect(ServerAddressSpec.ip(v4, port: .fixed(80)).description == "192.0.2.10:80")
    #expect(ServerAddressSpec.ip(v4, port: .clientPort).description == "192.0.2.10")
    #expect(ServerAddressSpec.ip(.v6(.loopback), port: .clientPortOffset(1000)).description == "[::1]:+1000")
    #expect(ServerAddressSpec.ip(.v6(.loopback), port: .clientPort).description == "[::1]")
    #expect(ServerAddressSpec.hostName("app", family: nil, port: .fixed(80)).description == "app:80")
    #expect(ServerAddressSpec.hostName("app", family: .ipv6, port: .clientPort).description == "ipv6@app")
    #expect(ServerAddressSpec.unixPath("/run/a.sock").description == "/run/a.sock")
    #expect(ServerAddressSpec.unixPath("a.sock").description == "unix@a.sock")
    #expect(ServerAddressSpec.abstractNamespace("a").description == "abns@a")
    #expect(ServerAddressSpec.socketPair(4).description == "sockpair@4")
  }

  @Test func clientDestinationAndPort() {
    #expect(ServerAddressSpec.ip(.v4(.any), port: .fixed(80)).isClientDestination)
    #expect(ServerAddressSpec.ip(.v6(.any), port: .clientPort).isClientDestination)
    #expect(!ServerAddressSpec.hostName("app", family: nil, port: .clientPort).isClientDestination)
    #expect(ServerAddressSpec.hostName("app", family: nil, port: .fixed(9)).port == .fixed(9))
    #expect(ServerAddressSpec.socketPair(3).port == nil)
  }
}
