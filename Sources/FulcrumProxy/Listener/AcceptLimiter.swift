import NIOCore

/// Enforces `maxconn` on one listening socket by holding its `read()`: while any governing
/// limit is full the listener accepts nothing, so the kernel's backlog absorbs the burst and
/// no connection is accepted only to be closed. Runs on the listener's event loop; a closing
/// connection on another loop hands the resume back to this loop.
public final class AcceptLimiter: ChannelDuplexHandler {
  public typealias InboundIn = any Channel
  public typealias InboundOut = any Channel
  public typealias OutboundIn = Never

  private let limits: [ConnectionLimit]
  private var pendingRead = false
  private var context: ChannelHandlerContext?

  public init(limits: [ConnectionLimit]) {
    self.limits = limits
  }

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let child = unwrapInboundIn(data)
    for limit in limits { limit.acquire() }
    let limits = self.limits
    let listenerLoop = context.eventLoop
    let handler = NIOLoopBound(self, eventLoop: listenerLoop)
    child.closeFuture.whenComplete { _ in
      for limit in limits { limit.release() }
      listenerLoop.execute { handler.value.resumeIfPossible() }
    }
    context.fireChannelRead(data)
  }

  public func read(context: ChannelHandlerContext) {
    if limits.allSatisfy(\.hasRoom) {
      context.read()
    } else {
      pendingRead = true
    }
  }

  private func resumeIfPossible() {
    guard pendingRead, let context, limits.allSatisfy(\.hasRoom) else { return }
    pendingRead = false
    context.read()
  }
}
