import FulcrumCore
import NIOCore
import NIOPosix

/// Starts a `mode tcp` session on a freshly accepted client channel: holds the client's reads,
/// picks a server for the client's address (`balance source`), connects on the client's own
/// event loop (retrying and redispatching as the `ConnectRetryStateMachine` decides), writes a
/// PROXY protocol header first if the server has `send-proxy`/`send-proxy-v2`, then splices a
/// `TCPRelayHandler` pair between the two channels and steps aside. Bytes that reach it before
/// the server is connected (what followed an `accept-proxy` header) are kept and passed on
/// behind the header. It also arms the session's inactivity timer. Loop-bound.
public final class TCPSessionHandler: ChannelDuplexHandler, RemovableChannelHandler, ServerQueueWaiter {
  public typealias InboundIn = ByteBuffer
  public typealias InboundOut = ByteBuffer
  public typealias OutboundIn = ByteBuffer

  private let settings: TCPSessionSettings
  private let selector: any BackendSelector
  /// The backend's `observe`/`on-marked-down`/`on-marked-up` on this loop, if any server uses them.
  private let observer: ServerObserver?
  private var retry: ConnectRetryStateMachine
  private var context: ChannelHandlerContext?
  private var pendingRead = false
  private let activity = SessionActivity()
  /// Where the client connection comes from and arrived (the socket's, or an `accept-proxy`
  /// header's).
  private let addresses: ConnectionAddresses
  /// The client's address as `balance source` hashes it, read once when the session starts.
  private var client = ClientAddressBytes.none
  /// Client bytes read before the relay is in place, and whether the client's EOF came too.
  private var early: ByteBuffer?
  private var earlyInputClosed = false
  /// The slot the session holds while it connects (the relay's server channel then gives it
  /// back when it closes), or its place in a queue.
  private var claim = ServerClaim()
  /// `timeout queue`, while the session waits.
  private var queueTimer: Scheduled<Void>?

  public init(
    settings: TCPSessionSettings, selector: any BackendSelector, addresses: ConnectionAddresses,
    observer: ServerObserver? = nil
  ) {
    self.settings = settings
    self.selector = selector
    self.observer = observer
    self.addresses = addresses
    self.retry = ConnectRetryStateMachine(retries: settings.retries, redispatchInterval: settings.redispatchInterval)
  }

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if context.channel.isActive { start(context: context) }
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    stopQueueTimer()
    // A connection attempt in flight keeps its slot: it gives it back when it completes.
    claim.leaveQueue()
  }

  public func channelActive(context: ChannelHandlerContext) {
    start(context: context)
    context.fireChannelActive()
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var bytes = unwrapInboundIn(data)
    if early == nil {
      early = bytes
    } else {
      early!.writeBuffer(&bytes)
    }
  }

  public func channelReadComplete(context: ChannelHandlerContext) {
    // Passed on with the early bytes once the relay is in place.
  }

  public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      // Still waiting for a server (queued or connecting): `option abortonclose` drops the
      // session, as haproxy 2.6 does; without it the close is passed on once connected.
      guard !settings.abortOnClose else {
        context.close(promise: nil)
        return
      }
      earlyInputClosed = true
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  public func read(context: ChannelHandlerContext) {
    // Nothing is read from the client until a server is connected.
    pendingRead = true
  }

  private var started = false

  private func start(context: ChannelHandlerContext) {
    guard !started else { return }
    started = true
    armInactivityTimer(on: context.channel)
    client = ClientAddressBytes(addresses.client)
    assignServer(excluding: nil)
  }

  /// Asks for a server slot and goes on with the answer: connect, wait in the queue (at most
  /// `timeout queue`), or close.
  private func assignServer(excluding failed: Int?) {
    guard let context else { return }
    switch selector.assignServer(client: client, requestKey: Span(), excluding: failed, waiter: self) {
    case .server(let index):
      slotAssigned(index)
    case .queued(let ticket):
      claim.wait(with: ticket)
      let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
      queueTimer = context.eventLoop.scheduleTask(in: settings.queueTimeout) { bound.value.queueTimedOut() }
    case .noServer, .queueFull:
      context.close(promise: nil)
    }
  }

  /// The slot on `index` is held: connect, as a first attempt or a redispatch. Counted from
  /// the attempt on, as HAProxy counts a server's connections, so sessions starting together
  /// do not all pick the same least-loaded server.
  private func slotAssigned(_ index: Int) {
    claim.hold(index)
    perform(retry.attemptsMade == 0 ? retry.start(server: index) : retry.redispatched(to: index))
  }

  private func perform(_ action: ConnectRetryStateMachine.Action) {
    guard let context else {
      releaseSlot()
      return
    }
    switch action {
    case .connect(let index):
      connect(to: index, context: context)
    case .redispatch(let avoiding):
      releaseSlot()
      assignServer(excluding: avoiding)
    case .fail:
      releaseSlot()
      context.close(promise: nil)
    }
  }

  private func releaseSlot() {
    claim.release(to: selector)
  }

  private func stopQueueTimer() {
    queueTimer?.cancel()
    queueTimer = nil
  }

  private func queueTimedOut() {
    queueTimer = nil
    // A grant racing the timeout wins: the session goes on with it.
    guard claim.giveUpWaiting() else { return }
    context?.close(promise: nil)
  }

  public func queueGranted(server index: Int, ticket: any ServerQueueTicket) {
    guard claim.settle(ticket), context != nil else {
      selector.connectionEnded(on: index)
      return
    }
    stopQueueTimer()
    slotAssigned(index)
  }

  public func queueRedispatched(ticket: any ServerQueueTicket) {
    guard claim.settle(ticket), context != nil else { return }
    stopQueueTimer()
    assignServer(excluding: nil)
  }

  private func connect(to index: Int, context: ChannelHandlerContext) {
    let server = settings.servers[index]
    let (clientHalf, serverHalf) = TCPRelayHandler.matchedPair(activity: activity)
    let client = context.channel
    // The server channel is created on this same loop, so the handler never crosses threads.
    let boundHalf = NIOLoopBound(serverHalf, eventLoop: context.eventLoop)
    let socket = settings.serverSocket
    // As for HTTP server connections: ClientBootstrap sets TCP_NODELAY itself, and the option
    // is set synchronously in the initializer rather than through a chain of futures.
    ClientBootstrap(group: context.eventLoop)
      .connectTimeout(settings.connectTimeout)
      .channelInitializer { channel in
        channel.initializeNow(server: server) {
          try channel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
          try socket.apply(to: channel)
          try channel.pipeline.syncOperations.addHandler(boundHalf.value)
        }
      }
      .connect(to: server.address)
      .assumeIsolatedUnsafeUnchecked()
      .whenComplete { result in
        switch result {
        case .success(let upstream):
          self.claim.handOver()
          self.holdSlot(on: index, while: upstream, client: client)
          self.connected(upstream: upstream, server: server, clientHalf: clientHalf, client: client)
        case .failure:
          self.observer?.record(.connectFailed, on: index)
          // The slot stays held for a retry on the same server.
          let next = self.retry.connectFailed()
          if let delay = self.retry.delay(before: next, connectTimeout: self.settings.connectTimeout) {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) { bound.value.perform(next) }
          } else {
            self.perform(next)
          }
        }
      }
  }

  /// The slot on `index` now lives as long as the server channel, which lives on this loop, so
  /// the selector is called on its loop. `observe` hears of the connection; with
  /// `on-marked-down`/`on-marked-up` the session stays registered while the channel lives.
  private func holdSlot(on index: Int, while upstream: any Channel, client: any Channel) {
    let selector = self.selector
    observer?.record(.connected, on: index)
    guard let observer, observer.registersSessions(on: index) else {
      upstream.closeFuture.assumeIsolatedUnsafeUnchecked().whenComplete { _ in selector.connectionEnded(on: index) }
      return
    }
    let key = ObjectIdentifier(client)
    observer.register(client, on: index)
    upstream.closeFuture.assumeIsolatedUnsafeUnchecked().whenComplete { _ in
      selector.connectionEnded(on: index)
      observer.unregister(key, on: index)
    }
  }

  private func connected(
    upstream: any Channel, server: UpstreamServer, clientHalf: TCPRelayHandler, client: any Channel
  ) {
    guard let context, client.isActive else {
      upstream.close(promise: nil)
      return
    }
    client.closeFuture.whenComplete { _ in upstream.close(promise: nil) }
    if let version = server.sendProxy {
      // The header goes out first, before any relayed byte (the client's are still held).
      var header = upstream.allocator.buffer(capacity: ProxyHeader.maximumEncodedLength)
      ProxyHeader(version: version, addresses: ProxyHeader.Addresses(client: addresses.client, local: addresses.local))
        .write(into: &header)
      upstream.writeAndFlush(header, promise: nil)
    }
    do {
      try context.pipeline.syncOperations.addHandler(clientHalf, position: .after(self))
    } catch {
      context.close(promise: nil)
      return
    }
    if let bytes = early {
      early = nil
      context.fireChannelRead(wrapInboundOut(bytes))
      context.fireChannelReadComplete()
    }
    if earlyInputClosed { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    if pendingRead { client.read() }
  }

  private func armInactivityTimer(on channel: any Channel) {
    if let independent = settings.independentStreams {
      armIndependentTimers(independent, on: channel)
      return
    }
    guard let tick = TimeoutTicks.period(for: [settings.idleTimeout, settings.halfClosedTimeout]) else { return }
    let open = TimeoutTicks.count(settings.idleTimeout, period: tick) ?? .max
    let halfClosed = min(open, TimeoutTicks.count(settings.halfClosedTimeout, period: tick) ?? .max)
    let loop = channel.eventLoop
    let state = NIOLoopBoundBox(InactivityTimeout(initialActivity: activity.bursts), eventLoop: loop)
    let activity = NIOLoopBound(self.activity, eventLoop: loop)
    let task = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { task in
      let limit = activity.value.halfClosed ? halfClosed : open
      if state.value.tick(activity: activity.value.bursts, limit: limit) == .expire {
        task.cancel()
        channel.close(promise: nil)
      }
    }
    channel.closeFuture.whenComplete { _ in task.cancel() }
  }

  /// `option independent-streams`: each side times out on its own, `timeout client` counting
  /// only the bursts read from the client when the frontend sets the option (all bursts
  /// otherwise), `timeout server` likewise; the session closes when either expires.
  private func armIndependentTimers(_ streams: IndependentStreams, on channel: any Channel) {
    let timeouts = [streams.clientTimeout, streams.serverTimeout, settings.halfClosedTimeout]
    guard let tick = TimeoutTicks.period(for: timeouts) else { return }
    let halfClosed = TimeoutTicks.count(settings.halfClosedTimeout, period: tick) ?? .max
    let clientLimit = TimeoutTicks.count(streams.clientTimeout, period: tick) ?? .max
    let serverLimit = TimeoutTicks.count(streams.serverTimeout, period: tick) ?? .max
    let loop = channel.eventLoop
    let activity = NIOLoopBound(self.activity, eventLoop: loop)
    let start = self.activity
    let state = NIOLoopBoundBox(
      (
        client: InactivityTimeout(initialActivity: streams.client ? start.clientBursts : start.bursts),
        server: InactivityTimeout(initialActivity: streams.server ? start.serverBursts : start.bursts)
      ), eventLoop: loop)
    let task = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { task in
      let seen = activity.value
      let closing = seen.halfClosed
      let client = state.value.client.tick(
        activity: streams.client ? seen.clientBursts : seen.bursts,
        limit: closing ? min(clientLimit, halfClosed) : clientLimit)
      let server = state.value.server.tick(
        activity: streams.server ? seen.serverBursts : seen.bursts,
        limit: closing ? min(serverLimit, halfClosed) : serverLimit)
      if client == .expire || server == .expire {
        task.cancel()
        channel.close(promise: nil)
      }
    }
    channel.closeFuture.whenComplete { _ in task.cancel() }
  }
}
