import NIOCore

extension ChannelHandlerContext {
  /// Flushes, then calls `body` once every write issued so far has gone out: an empty write
  /// completes after all earlier ones. Closing a channel at once would fail the writes still
  /// queued (and lose the tail of a response), so closes wait for this. On the context's loop.
  func whenWritesDrained(_ body: @escaping () -> Void) {
    let drained = eventLoop.makePromise(of: Void.self)
    writeAndFlush(NIOAny(ByteBuffer()), promise: drained)
    drained.futureResult.assumeIsolatedUnsafeUnchecked().whenComplete { _ in body() }
  }
}
