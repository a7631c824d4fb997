import Atomics
import NIOCore

/// Enforces `maxconn` on one listening socket by holding its `read()`: while any governing
/// limit is full the listener accepts nothing, so the kernel's backlog absorbs the burst and
/// no connection is accepted only to be closed. Rate limits (`maxconnrate`, `maxsessrate`,
/// `rate-limit sessions`) hold it the same way, until a timer says the rate has room again. Runs on the listener's event loop; a closing
/// connection on another loop hands the resume back to this loop, but only while the listener
/// holds its reads (an atomic flag says so): otherwise a close costs no hop between loops.
public final class AcceptLimiter: ChannelDuplexHandler {
  public typealias InboundIn = any Channel
  public typealias InboundOut = any Channel
  public typealias OutboundIn = Never

  private let limits: [ConnectionLimit]
  private let rates: [SharedEventRate]
  /// Monotonic nanoseconds; read only when there are rates.
  private let clock: @Sendable () -> Int64
  /// A wake-up is scheduled for when the rates have room.
  private var rateTimerArmed = false
  private var pendingRead = false
  /// `pendingRead`, for the loops where connections close.
  private let holding = ManagedAtomic(false)
  private var context: ChannelHandlerContext?
  /// What an accepted connection's close runs, made once per listener: a close callback that
  /// captures this one object needs no allocation of its own (an idle connection keeps it).
  private var release: Release?

  public init(
    limits: [ConnectionLimit], rates: [SharedEventRate] = [],
    clock: @escaping @Sendable () -> Int64 = { Int64(NIODeadline.now().uptimeNanoseconds) }
  ) {
    self.limits = limits
    self.rates = rates
    self.clock = clock
  }

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    release = Release(
      limits: limits, holding: holding, listenerLoop: context.eventLoop,
      limiter: NIOLoopBoundBox(self, eventLoop: context.eventLoop))
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    // Connections still open release their limits; the listener is no longer woken.
    release?.limiter.value = nil
    release = nil
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let child = unwrapInboundIn(data)
    for limit in limits { limit.acquire() }
    if !rates.isEmpty {
      let now = clock()
      for rate in rates { rate.record(at: now) }
    }
    if let release {
      child.closeFuture.whenComplete { _ in release.connectionClosed() }
    }
    context.fireChannelRead(data)
  }

  public func read(context: ChannelHandlerContext) {
    guard !limits.allSatisfy(\.hasRoom) || !ratesHaveRoom(context: context) else {
      context.read()
      return
    }
    pendingRead = true
    holding.store(true, ordering: .sequentiallyConsistent)
    // A connection that closed before the flag was set did not wake this loop: look again.
    resumeIfPossible()
  }

  fileprivate func resumeIfPossible() {
    guard pendingRead, let context, limits.allSatisfy(\.hasRoom), ratesHaveRoom(context: context) else { return }
    pendingRead = false
    holding.store(false, ordering: .sequentiallyConsistent)
    context.read()
  }
}

extension AcceptLimiter {
  /// Whether every rate has room for one more connection; if not, a wake-up is scheduled for
  /// when the slowest will (one at a time: the listener looks again then).
  private func ratesHaveRoom(context: ChannelHandlerContext) -> Bool {
    guard !rates.isEmpty else { return true }
    let now = clock()
    let delay = rates.reduce(Int64(0)) { max($0, $1.delayBeforeRoom(at: now)) }
    guard delay > 0 else { return true }
    if !rateTimerArmed {
      rateTimerArmed = true
      let limiter = NIOLoopBound(self, eventLoop: context.eventLoop)
      context.eventLoop.scheduleTask(in: .nanoseconds(delay)) {
        limiter.value.rateTimerArmed = false
        limiter.value.resumeIfPossible()
      }
    }
    return false
  }

  /// Gives back an accepted connection's place in its limits when it closes, from the
  /// connection's loop, and wakes the listener on its own loop if it holds its reads.
  fileprivate final class Release: Sendable {
    let limits: [ConnectionLimit]
    let holding: ManagedAtomic<Bool>
    let listenerLoop: any EventLoop
    /// The limiter while its listener runs; read and cleared on the listener's loop.
    let limiter: NIOLoopBoundBox<AcceptLimiter?>

    init(
      limits: [ConnectionLimit], holding: ManagedAtomic<Bool>, listenerLoop: any EventLoop,
      limiter: NIOLoopBoundBox<AcceptLimiter?>
    ) {
      self.limits = limits
      self.holding = holding
      self.listenerLoop = listenerLoop
      self.limiter = limiter
    }

    func connectionClosed() {
      for limit in limits { limit.release() }
      // Released before this load, and the listener sets the flag before it looks at the
      // limits again: one of the two sees the other, so a held listener is always woken.
      if holding.load(ordering: .sequentiallyConsistent) {
        listenerLoop.execute { self.limiter.value?.resumeIfPossible() }
      }
    }
  }
}
