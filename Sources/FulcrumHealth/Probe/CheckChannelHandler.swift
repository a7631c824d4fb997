import NIOCore

/// Passes a check connection's events to its `CheckProbe`. Lives in the check channel's
/// pipeline, on the probe's loop.
final class CheckChannelHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private let probe: CheckProbe
  private let generation: Int

  init(probe: CheckProbe, generation: Int) {
    self.probe = probe
    self.generation = generation
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    probe.channelRead(unwrapInboundIn(data), generation: generation)
  }

  func channelInactive(context: ChannelHandlerContext) {
    probe.channelEnded(generation: generation)
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    probe.channelFailed(error, generation: generation)
    context.close(promise: nil)
  }
}
