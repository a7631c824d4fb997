import NIOCore

/// The first handler of a connection accepted on a `bind ... accept-proxy` listener: holds the
/// connection's first bytes until a whole PROXY protocol header (version 1 or 2) has arrived,
/// then builds the session handler for the addresses it announces, puts it after itself, passes
/// on the bytes that followed the header, and leaves the pipeline. As in HAProxy 2.6, the wait
/// is bounded by the frontend's `timeout client` (none when unset), a timeout closes the
/// connection, and anything that is not a valid header (or the client closing first) aborts it
/// with a reset. The bytes held are bounded by the parser (107 bytes for version 1, its
/// `maximumLength` for version 2). Loop-bound: runs on the connection's event loop.
public final class AcceptProxyHandler: ChannelInboundHandler, RemovableChannelHandler {
  public typealias InboundIn = ByteBuffer
  public typealias InboundOut = ByteBuffer

  private let timeout: TimeAmount?
  private let makeSession: (ConnectionAddresses) -> any ChannelHandler
  private var parser: ProxyHeaderParser
  private var received: ByteBuffer?
  private var timer: Scheduled<Void>?
  private var finished = false

  /// `makeSession` builds the handler that serves the connection once its addresses are known.
  public init(
    timeout: TimeAmount?, maximumLength: Int = ProxyHeaderParser.defaultMaximumLength,
    makeSession: @escaping (ConnectionAddresses) -> any ChannelHandler
  ) {
    self.timeout = timeout
    self.makeSession = makeSession
    self.parser = ProxyHeaderParser(maximumLength: maximumLength)
  }

  public func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { armTimer(context: context) }
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    timer?.cancel()
    timer = nil
  }

  public func channelActive(context: ChannelHandlerContext) {
    armTimer(context: context)
    context.fireChannelActive()
  }

  private func armTimer(context: ChannelHandlerContext) {
    guard timer == nil, let timeout else { return }
    timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: timeout) {
      // No header in time: closed as HAProxy does when `timeout client` strikes, without a reset.
      context.close(promise: nil)
    }
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !finished else {
      context.fireChannelRead(data)
      return
    }
    var bytes = unwrapInboundIn(data)
    if received == nil {
      received = bytes
    } else {
      received!.writeBuffer(&bytes)
    }
    switch parser.parse(received!) {
    case .needMoreBytes:
      return
    case .invalid:
      abort(context: context)
    case .complete(let header, let length):
      handOver(context: context, header: header, length: length)
    }
  }

  public func channelReadComplete(context: ChannelHandlerContext) {
    // Until the header is complete there is nobody after this handler to tell.
    if finished { context.fireChannelReadComplete() }
  }

  public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if !finished, let event = event as? ChannelEvent, event == .inputClosed {
      // The client closed before a whole header: HAProxy aborts such a connection.
      abort(context: context)
      return
    }
    context.fireUserInboundEventTriggered(event)
  }

  public func errorCaught(context: ChannelHandlerContext, error: any Error) {
    guard !finished else {
      context.fireErrorCaught(error)
      return
    }
    finished = true
    context.close(promise: nil)
  }

  private func handOver(context: ChannelHandlerContext, header: ProxyHeader, length: Int) {
    finished = true
    timer?.cancel()
    timer = nil
    let addresses =
      header.addresses.socketAddresses.map { ConnectionAddresses(client: $0.client, local: $0.local) }
      ?? ConnectionAddresses(channel: context.channel)
    do {
      try context.pipeline.syncOperations.addHandler(makeSession(addresses), position: .after(self))
    } catch {
      context.close(promise: nil)
      return
    }
    if var payload = received {
      received = nil
      payload.moveReaderIndex(forwardBy: length)
      if payload.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(payload)) }
    }
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }

  /// Closes with a reset (SO_LINGER 0), as HAProxy answers a bad or missing header.
  private func abort(context: ChannelHandlerContext) {
    finished = true
    received = nil
    context.channel.resetOnClose()
    context.close(promise: nil)
  }
}
