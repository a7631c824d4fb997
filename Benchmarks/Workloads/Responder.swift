import NIOCore
import NIOPosix

/// The origin server behind the proxy: answers every request head it reads (GETs without a
/// body, found by their empty line) with one prebuilt response, keep-alive, without parsing or
/// allocating per request, so what the benchmark counts is the proxy's. Runs on its own event
/// loop group of one thread.
public final class Responder: Sendable {
  /// A small page (1 KiB) framed by length, with `extraFields` (whole lines) in its head.
  public static func response(extraFields: String = "") -> ByteBuffer {
    let body = String(repeating: "<p>Fulcrum benchmark page.</p>\n", count: 32)
    let head =
      "HTTP/1.1 200 OK\r\nServer: responder\r\nContent-Type: text/html; charset=utf-8\r\n"
      + "Cache-Control: no-cache\r\n\(extraFields)Content-Length: \(body.utf8.count)\r\n\r\n"
    return ByteBuffer(string: head + body)
  }

  let group: MultiThreadedEventLoopGroup
  let channel: any Channel

  var port: Int { channel.localAddress?.port ?? 0 }

  private init(group: MultiThreadedEventLoopGroup, channel: any Channel) {
    self.group = group
    self.channel = channel
  }

  /// Listens on 127.0.0.1, port 0, answering `response` to every request.
  public static func start(response: ByteBuffer) async throws -> Responder {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(HeadResponder(response: response))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return Responder(group: group, channel: channel)
  }

  public func stop() async throws {
    try await channel.close()
    try await group.shutdownGracefully()
  }
}

/// One responder connection: counts request heads by their terminating empty line, across
/// reads, and writes `response` for each; flushes once per read burst. Loop-bound.
final class HeadResponder: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let response: ByteBuffer
  /// How many bytes of `\r\n\r\n` the bytes read so far end with.
  private var matched = 0
  private var answered = false

  init(response: ByteBuffer) {
    self.response = response
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    var heads = 0
    var matched = self.matched
    buffer.withUnsafeReadableBytes { bytes in
      for byte in bytes {
        let expected: UInt8 = matched % 2 == 0 ? 13 : 10
        if byte == expected {
          matched += 1
          if matched == 4 {
            heads += 1
            matched = 0
          }
        } else {
          matched = byte == 13 ? 1 : 0
        }
      }
    }
    self.matched = matched
    for _ in 0..<heads {
      context.write(wrapOutboundOut(response), promise: nil)
    }
    if heads > 0 { answered = true }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    guard answered else { return }
    answered = false
    context.flush()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
