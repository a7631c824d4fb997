import FulcrumCore
import NIOCore

/// Answers a connection from a `monitor-net` network as HAProxy 2.0 did, instead of a session:
/// in `mode http` it writes `HTTP/1.0 200 OK` and an empty line without waiting for a request,
/// in `mode tcp` it writes nothing; then it closes. Nothing is proxied or logged. The only
/// handler of such a connection, on its event loop.
public final class MonitorNetResponder: ChannelInboundHandler {
  public typealias InboundIn = ByteBuffer
  public typealias OutboundOut = ByteBuffer

  /// What HAProxy 2.0 wrote to an HTTP monitor: the status line and an empty line.
  public static let httpReply: [UInt8] = Array("HTTP/1.0 200 OK\r\n\r\n".utf8)

  private let reply: ByteBuffer?

  /// `reply` is written before closing; nil closes at once.
  public init(reply: ByteBuffer?) {
    self.reply = reply
  }

  /// Whether a client at `address` is in `network` (IPv4 only, as `monitor-net` was). Reads the
  /// socket address in place; allocates nothing.
  public static func matches(_ address: SocketAddress?, _ network: IPNetwork) -> Bool {
    guard case .v4(let ipv4) = address else { return false }
    return network.contains(.v4(IPv4Address(UInt32(bigEndian: ipv4.address.sin_addr.s_addr))))
  }

  public func channelActive(context: ChannelHandlerContext) {
    guard let reply else {
      context.close(promise: nil)
      return
    }
    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
    context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in bound.value.close(promise: nil) }
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    // The request, if the client sends one, is not read: the answer does not depend on it.
  }

  public func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
