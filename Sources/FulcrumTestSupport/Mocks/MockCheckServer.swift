import Foundation
import NIOCore
import NIOPosix

/// A TCP server on 127.0.0.1, port 0, that plays the other end of a health or agent check:
/// it answers each connection as its current `Behaviour` says (which a test may change at any
/// time), and records what the check sent. Its channels run on the given group; `close()`
/// stops it.
public final class MockCheckServer: Sendable {
  public enum Behaviour: Sendable, Equatable {
    /// Waits for the request, answers `reply`, then closes (or keeps the connection open).
    case reply(String, close: Bool = true)
    /// Sends `greeting` as soon as the connection opens, then closes (or stays open and reads).
    case greet(String, close: Bool = true)
    /// Accepts and never answers nor closes.
    case silent
    /// Sends `count` bytes of `x` on connect, and never closes.
    case flood(Int)
    /// Closes at once, without reading.
    case close
    /// Resets the connection (RST) as soon as it opens.
    case reset
  }

  /// How the checker ended a connection this server did not close itself.
  public enum PeerEnding: Sendable, Equatable {
    /// A FIN: the checker closed cleanly.
    case finished
    /// A reset (RST).
    case reset
  }

  public let channel: any Channel
  private let state: State

  public var port: Int { channel.localAddress?.port ?? 0 }
  public var acceptedConnections: Int { state.read { $0.accepted } }
  /// Everything received, all connections together.
  public var received: [UInt8] { state.read { $0.received } }
  /// How the checker ended the connections it closed, in order.
  public var peerEndings: [PeerEnding] { state.read { $0.endings } }

  /// Waits until the checker has ended `count` connections (a reset reaches this server a
  /// moment after the check reports), or `timeout` has passed; returns the endings seen.
  public func peerEndings(count: Int, timeout: Duration = .seconds(5)) async throws -> [PeerEnding] {
    let deadline = ContinuousClock.now + timeout
    while peerEndings.count < count, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(5))
    }
    return peerEndings
  }

  /// The current behaviour; applies to the connections opened from now on.
  public var behaviour: Behaviour {
    get { state.read { $0.behaviour } }
    set { state.write { $0.behaviour = newValue } }
  }

  public static func start(_ behaviour: Behaviour, group: any EventLoopGroup) async throws -> MockCheckServer {
    let state = State(behaviour: behaviour)
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        let behaviour = state.write { value in
          value.accepted += 1
          return value.behaviour
        }
        return channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(CheckPeerHandler(behaviour: behaviour, state: state))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return MockCheckServer(channel: channel, state: state)
  }

  private init(channel: any Channel, state: State) {
    self.channel = channel
    self.state = state
  }

  public func close() async throws {
    try await channel.close()
  }

  /// The mutable part, behind a lock: tests change it from their own thread.
  final class State: @unchecked Sendable {
    struct Value {
      var behaviour: Behaviour
      var accepted = 0
      var received: [UInt8] = []
      var endings: [PeerEnding] = []
    }
    private let lock = NSLock()
    private var value: Value

    init(behaviour: Behaviour) { value = Value(behaviour: behaviour) }

    func read<T>(_ body: (Value) -> T) -> T { lock.withLock { body(value) } }
    func write<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
  }
}

/// One connection of a `MockCheckServer`.
final class CheckPeerHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let behaviour: MockCheckServer.Behaviour
  let state: MockCheckServer.State
  private var answered = false
  /// This side closed the connection (or was told to): how it ended is not the checker's doing.
  private var closesItself = false
  private var resetByPeer = false

  init(behaviour: MockCheckServer.Behaviour, state: MockCheckServer.State) {
    self.behaviour = behaviour
    self.state = state
  }

  func channelActive(context: ChannelHandlerContext) {
    switch behaviour {
    case .greet(let greeting, let close):
      send(greeting, close: close, context: context)
    case .flood(let count):
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(repeating: UInt8(ascii: "x"), count: count)), promise: nil)
    case .close:
      closesItself = true
      context.close(promise: nil)
    case .reset:
      closesItself = true
      // SO_LINGER with a zero timeout: close sends RST.
      if let provider = context.channel as? any SocketOptionProvider {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
      } else {
        context.close(promise: nil)
      }
    case .reply, .silent:
      break
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    state.write { $0.received += buffer.readableBytesView }
    if case .reply(let reply, let close) = behaviour, !answered {
      answered = true
      send(reply, close: close, context: context)
    }
  }

  private func send(_ text: String, close: Bool, context: ChannelHandlerContext) {
    let written = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: written)
    guard close else { return }
    closesItself = true
    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
    written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let error = error as? IOError, error.errnoCode == ECONNRESET { resetByPeer = true }
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    if !closesItself {
      let ending: MockCheckServer.PeerEnding = resetByPeer ? .reset : .finished
      state.write { $0.endings.append(ending) }
    }
    context.fireChannelInactive()
  }
}
