import Atomics
import NIOCore

/// Enforces `maxconn` on one listening socket by holding its `read()`: while any governing
/// limit is full the listener accepts nothing, so the kernel's backlog absorbs the burst and
/// no connection is accepted only to be closed. Runs on the listener's event loop; a closing
/// connection on another loop hands the resume back to this loop, but only while the listener
/// holds its reads (an atomic flag says so): otherwise a close costs no hop between loops.
public final class AcceptLimiter: ChannelDuplexHandler {
  public typealias InboundIn = any Channel
  public typealias InboundOut = any Channel
  public typealias OutboundIn = Never

  private let limits: [ConnectionLimit]
  private var pendingRead = false
  /// `pendingRead`, for the loops where connections close.
  private let holding = ManagedAtomic(false)
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
    let holding = self.holding
    let listenerLoop = context.eventLoop
    let handler = NIOLoopBound(self, eventLoop: listenerLoop)
    child.closeFuture.whenComplete { _ in
      for limit in limits { limit.release() }
      // Released before this load, and the listener sets the flag before it looks at the
      // limits again: one of the two sees the other, so a held listener is always woken.
      if holding.load(ordering: .sequentiallyConsistent) {
        listenerLoop.execute { handler.value.resumeIfPossible() }
      }
    }
    context.fireChannelRead(data)
  }

  public func read(context: ChannelHandlerContext) {
    guard !limits.allSatisfy(\.hasRoom) else {
      context.read()
      return
    }
    pendingRead = true
    holding.store(true, ordering: .sequentiallyConsistent)
    // A connection that closed before the flag was set did not wake this loop: look again.
    resumeIfPossible()
  }

  private func resumeIfPossible() {
    guard pendingRead, let context, limits.allSatisfy(\.hasRoom) else { return }
    pendingRead = false
    holding.store(false, ordering: .sequentiallyConsistent)
    context.read()
  }
}
