import FulcrumCore
import FulcrumProxy
import NIOCore
import Testing

/// The client address bytes `balance source` hashes, taken from the socket address.
@Suite struct ClientAddressBytesTests {
  @Test func ipv4IsFourBytesInNetworkOrder() throws {
    let address = try SocketAddress(ipAddress: "192.0.2.10", port: 4000)
    #expect(ClientAddressBytes(address).bytes == [192, 0, 2, 10])
  }

  @Test func ipv6IsSixteenBytesAndMappedIPv4KeepsItsForm() throws {
    let address = try SocketAddress(ipAddress: "2001:db8::1", port: 4000)
    #expect(ClientAddressBytes(address).bytes == [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])
    let mapped = try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 4000)
    #expect(ClientAddressBytes(mapped).bytes == Array(repeating: 0, count: 10) + [0xff, 0xff, 127, 0, 0, 1])
  }

  @Test func unixSocketsAndUnknownHaveNone() throws {
    #expect(ClientAddressBytes(try SocketAddress(unixDomainSocketPath: "/tmp/fulcrum.sock")).count == 0)
    #expect(ClientAddressBytes(nil).count == 0)
  }
}
