import NIOCore

/// One half of a TCP relay: sits in the client's or the server's pipeline and forwards every
/// `ByteBuffer` it reads to its partner untouched, flushing once per read burst. Back-pressure
/// holds `read()` while the partner is not writable. A half-close (EOF) is passed on as a
/// shutdown of the partner's output only; the pair closes when both directions are done or
/// on any error. Both halves run on the same event loop, so nothing locks or hops.
public final class TCPRelayHandler {
  private var partner: TCPRelayHandler?
  private var context: ChannelHandlerContext?
  private var pendingRead = false
  private var inputClosed = false
  /// EOF was passed on from the partner; the output shuts once drained.
  private var outputClosing = false
  private var outputClosed = false
  /// Called on every read burst, so the session's inactivity timer sees traffic.
  private let activity: SessionActivity
  /// This half reads from the server.
  private let readsServer: Bool

  init(activity: SessionActivity, readsServer: Bool) {
    self.activity = activity
    self.readsServer = readsServer
  }

  /// Two partnered halves sharing one activity record, the client's first; put one in each
  /// pipeline.
  public static func matchedPair(activity: SessionActivity) -> (TCPRelayHandler, TCPRelayHandler) {
    let first = TCPRelayHandler(activity: activity, readsServer: false)
    let second = TCPRelayHandler(activity: activity, readsServer: true)
    first.partner = second
    second.partner = first
    return (first, second)
  }

  private func partnerWrite(_ data: NIOAny) {
    context?.write(data, promise: nil)
  }

  private func partnerFlush() {
    context?.flush()
  }

  /// The partner reached EOF: shut this side's output once everything already written to it
  /// has gone out. Shutting it at once would lose those bytes when this side's input is shut
  /// too, because NIO then closes the channel fully and fails the pending writes.
  private func partnerWriteEOF() {
    guard let context, !outputClosing else { return }
    outputClosing = true
    context.whenWritesDrained {
      self.outputClosed = true
      if self.inputClosed {
        context.close(promise: nil)
      } else {
        context.close(mode: .output, promise: nil)
      }
    }
  }

  private func partnerCloseFull() {
    context?.close(promise: nil)
  }

  /// The partner's channel closed in order: what it sent is already written here, so this side
  /// closes once it has gone out. Closing at once failed the writes still queued for a slow
  /// peer and cut the tail of the stream (seen as a 10 MB echo arriving ~60 kB short under
  /// load). A peer that never reads is bounded by the session's inactivity timeout.
  private func partnerClosed() {
    guard let context else { return }
    context.whenWritesDrained { context.close(promise: nil) }
  }

  private func partnerBecameWritable() {
    if pendingRead {
      pendingRead = false
      context?.read()
    }
  }

  private var partnerWritable: Bool {
    context?.channel.isWritable ?? false
  }

  /// Both directions are finished: the peer sent EOF and our output has been shut after
  /// draining.
  private func closeIfDone() {
    if inputClosed && outputClosed { context?.close(promise: nil) }
  }
}

extension TCPRelayHandler: ChannelDuplexHandler {
  public typealias InboundIn = ByteBuffer
  public typealias OutboundIn = ByteBuffer
  public typealias OutboundOut = ByteBuffer

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    self.partner = nil
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    partner?.partnerWrite(data)
  }

  public func channelReadComplete(context: ChannelHandlerContext) {
    if readsServer { activity.touchFromServer() } else { activity.touch() }
    partner?.partnerFlush()
  }

  public func channelInactive(context: ChannelHandlerContext) {
    partner?.partnerClosed()
    context.fireChannelInactive()
  }

  public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      inputClosed = true
      activity.halfClosed = true
      partner?.partnerWriteEOF()
      closeIfDone()
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  public func errorCaught(context: ChannelHandlerContext, error: any Error) {
    partner?.partnerCloseFull()
    context.close(promise: nil)
  }

  public func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      partner?.partnerBecameWritable()
    }
    context.fireChannelWritabilityChanged()
  }

  public func read(context: ChannelHandlerContext) {
    if let partner, partner.partnerWritable {
      context.read()
    } else {
      pendingRead = true
    }
  }
}
