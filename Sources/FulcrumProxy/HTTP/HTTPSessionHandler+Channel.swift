import FulcrumCore
import NIOCore

extension HTTPSessionHandler: ChannelDuplexHandler {
  public typealias InboundIn = ByteBuffer
  public typealias OutboundIn = ByteBuffer
  public typealias OutboundOut = ByteBuffer

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if context.channel.isActive { start(context: context) }
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    stopWatchdog()
    self.context = nil
    // The connection is gone (slot and server released at channelInactive): nothing of the
    // exchange is awaited any more.
    returnExchange()
  }

  public func channelActive(context: ChannelHandlerContext) {
    start(context: context)
    context.fireChannelActive()
  }

  private func start(context: ChannelHandlerContext) {
    guard !started, !closing else { return }
    started = true
    timer.enter(.waitingFirstRequest, activity: activity.bursts)
    startWatchdog()
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    guard requestPhase != .closed else { return }
    if inbound.readableBytes == 0 {
      inbound = buffer
    } else {
      var more = buffer
      inbound.writeBuffer(&more)
    }
    driveRequest()
  }

  public func channelReadComplete(context: ChannelHandlerContext) {
    activity.touch()
    flushServer()
    flushClient()
  }

  public func read(context: ChannelHandlerContext) {
    if mayReadClient {
      context.read()
    } else {
      clientReadPending = true
    }
  }

  public func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { server?.resumeReads() }
    context.fireChannelWritabilityChanged()
  }

  public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    guard let event = event as? ChannelEvent, event == .inputClosed else {
      context.fireUserInboundEventTriggered(event)
      return
    }
    clientInputClosed = true
    clientKeepAlive = false
    switch requestPhase {
    case .head:
      // Between requests the client may leave; in the middle of a head it gave up.
      if responsePhase == .none { closeClientWhenDrained() }
    case .body, .discard:
      abort()
    case .tunnel:
      server?.closeOutputWhenDrained()
    case .done:
      // `option abortonclose`: a request not yet at a server (queued, connecting, waiting to
      // retry) is dropped, as haproxy 2.6 drops it; without it the request is served.
      if settings.abortOnClose, responsePhase == .head, server == nil || connecting { abort() }
    case .closed:
      break
    }
  }

  public func channelInactive(context: ChannelHandlerContext) {
    closing = true
    requestPhase = .closed
    stopWatchdog()
    releaseSlot()
    releaseServer(reusable: false)
    context.fireChannelInactive()
  }

  public func errorCaught(context: ChannelHandlerContext, error: any Error) {
    abort()
  }
}
