import FulcrumHealth
import FulcrumProxy
import NIOCore

extension CheckProxyHeader {
  /// Writes the PROXY header of a check with the proxy target's encoder, the one `send-proxy`
  /// uses: version 1 `TCP4`/`TCP6` (or `UNKNOWN` for a unix socket), version 2 `LOCAL` when no
  /// address is given. Called on the check's event loop, once per check connection.
  static let proxyProtocolEncoder: Encoder = { version, source, destination in
    var buffer = ByteBufferAllocator().buffer(capacity: ProxyHeader.maximumEncodedLength)
    let header = ProxyHeader(
      version: version == .v1 ? .v1 : .v2, addresses: ProxyHeader.Addresses(client: source, local: destination))
    header.write(into: &buffer)
    return buffer
  }
}
