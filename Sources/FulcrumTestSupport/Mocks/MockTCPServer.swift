import Foundation
import NIOCore
import NIOPosix

/// A small TCP server on 127.0.0.1, port 0, for integration tests: it echoes what it reads,
/// or answers every connection with a fixed greeting and then echoes, and counts accepted
/// connections. Its channels run on the given group; `close()` stops it.
public final class MockTCPServer: Sendable {
  public enum Behaviour: Sendable {
    /// Echo every byte; on EOF from the client, shut the write side after echoing.
    case echo
    /// Send `greeting` on connect, then echo.
    case greetThenEcho(String)
  }

  public let channel: any Channel
  private let counter: ConnectionCounter

  public var port: Int { channel.localAddress?.port ?? 0 }
  public var address: SocketAddress { channel.localAddress! }
  public var acceptedConnections: Int { counter.value }

  public static func start(_ behaviour: Behaviour, group: any EventLoopGroup) async throws -> MockTCPServer {
    let counter = ConnectionCounter()
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelInitializer { channel in
        counter.increment()
        return channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(EchoHandler(behaviour: behaviour))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return MockTCPServer(channel: channel, counter: counter)
  }

  private init(channel: any Channel, counter: ConnectionCounter) {
    self.channel = channel
    self.counter = counter
  }

  public func close() async throws {
    try await channel.close()
  }
}

/// Counts connections across event loops.
final class ConnectionCounter: Sendable {
  private let count = NIOLockedCounter()
  func increment() { count.add(1) }
  var value: Int { count.load() }
}

/// A lock-protected integer, for test bookkeeping only.
final class NIOLockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func add(_ delta: Int) { lock.withLock { value += delta } }
  func load() -> Int { lock.withLock { value } }
}

/// Echoes reads back; sends a greeting first when asked to.
final class EchoHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let behaviour: MockTCPServer.Behaviour

  init(behaviour: MockTCPServer.Behaviour) {
    self.behaviour = behaviour
  }

  func channelActive(context: ChannelHandlerContext) {
    if case .greetThenEcho(let greeting) = behaviour {
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: greeting)), promise: nil)
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    context.write(data, promise: nil)
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    context.flush()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      // Close only after the echoed bytes are out: with the input already shut, NIO turns an
      // output close into a full close that drops pending writes.
      let drained = context.eventLoop.makePromise(of: Void.self)
      context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: drained)
      let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
      drained.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
