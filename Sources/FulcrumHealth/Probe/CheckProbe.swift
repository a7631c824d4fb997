import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one check (health or agent) on an event loop: carries out what its
/// `CheckScriptMachine` decides with `ClientBootstrap` channels on the same loop, bounds it in
/// time (`CheckTarget`) and in bytes (reads are requested one at a time, only while the script
/// waits for data, into a buffer of `tune.bufsize`), and reports the outcome once. Loop-bound:
/// created, run and finished on `loop`; no async/await.
final class CheckProbe {
  let loop: any EventLoop
  let target: CheckTarget
  private var machine: CheckScriptMachine
  private var channel: (any Channel)?
  /// The current connection ends with a FIN (`connect linger`), not a reset.
  private var lingers = false
  /// The loop's check timers (nil for a one-off run, which uses NIO's own).
  private let timers: CheckTimerQueue?
  /// The bound armed in `timers`.
  private var timer: Int?
  /// Increases with each bound armed, so a bound replaced or outlived fires to no effect.
  private var timerGeneration = 0
  private var started = NIODeadline.now()
  private var completion: ((CheckOutcome) -> Void)?
  /// Increases with each connection, so events of a replaced channel are ignored.
  private var generation = 0
  /// A PROXY header written but not flushed yet: it goes out with the first send, or alone
  /// before a read or the end.
  private var headerUnflushed = false

  init(
    loop: any EventLoop, script: CheckScript, target: CheckTarget, evaluator: ExpectEvaluator,
    timers: CheckTimerQueue? = nil, serverStateLine: [UInt8] = []
  ) {
    self.loop = loop
    self.timers = timers
    self.target = target
    self.machine = CheckScriptMachine(
      script: script, bufferLimit: target.bufferLimit, evaluator: evaluator, serverStateLine: serverStateLine)
  }

  /// Starts the check; `completion` runs once, on `loop`.
  func start(completion: @escaping (CheckOutcome) -> Void) {
    loop.preconditionInEventLoop()
    self.completion = completion
    started = .now()
    arm(target.connectBound)
    perform(machine.start())
  }

  /// Ends the check at once without reporting (the checker is stopping).
  func cancel() {
    completion = nil
    disarm()
    closeChannel()
  }

  /// Closes the current connection as HAProxy 2.6 closes a check's: with a reset (SO_LINGER 0),
  /// so the checker keeps no TIME_WAIT socket per check, unless the rule says `linger` or the
  /// server already closed (NIO then closed the channel on the end of stream).
  private func closeChannel() {
    guard let channel else { return }
    self.channel = nil
    guard !lingers, channel.isActive, let socket = channel as? any SocketOptionProvider else {
      channel.close(promise: nil)
      return
    }
    socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
  }

  private func disarm() {
    timerGeneration += 1
    if let timer { timers?.cancel(timer) }
    timer = nil
  }

  private func arm(_ bound: TimeAmount) {
    disarm()
    let generation = timerGeneration
    let fire = { [self] in
      guard generation == self.timerGeneration, self.completion != nil else { return }
      self.perform(self.machine.timedOut())
    }
    if let timers {
      timer = timers.schedule(in: bound, fire)
    } else {
      _ = loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: bound, fire)
    }
  }

  private func perform(_ first: CheckScriptMachine.Action) {
    var action = first
    while true {
      switch action {
      case .connect(let connect):
        connectChannel(connect)
        return
      case .write(let bytes):
        headerUnflushed = false
        channel?.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
        action = machine.proceed()
      case .read:
        flushHeader()
        channel?.read()
        return
      case .finish(var outcome):
        flushHeader()
        outcome.duration = .nanoseconds((NIODeadline.now() - started).nanoseconds)
        finish(outcome)
        return
      }
    }
  }

  private func flushHeader() {
    guard headerUnflushed else { return }
    headerUnflushed = false
    channel?.flush()
  }

  private func finish(_ outcome: CheckOutcome) {
    let report = completion
    cancel()
    report?(outcome)
  }

  private func connectChannel(_ connect: CheckConnect) {
    closeChannel()
    lingers = connect.linger
    headerUnflushed = false
    generation += 1
    let generation = generation
    let sendsHeader = target.proxyHeader?.applies(to: connect) ?? false
    let address: SocketAddress
    do {
      address = try target.address(for: connect)
    } catch {
      perform(machine.connectFailed(reason: "\(error)"))
      return
    }
    let capacity = max(256, min(target.bufferLimit, 65536))
    // Options set synchronously: through `channelOption` each costs a chain of futures and
    // dynamic casts (a third of a check's instructions). ClientBootstrap sets TCP_NODELAY.
    ClientBootstrap(group: loop)
      .connectTimeout(target.connectBound + .milliseconds(100))
      .channelInitializer { channel in
        do {
          let options = channel.syncOptions
          try options?.setOption(.autoRead, value: false)
          try options?.setOption(.maxMessagesPerRead, value: 1)
          try options?.setOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: capacity))
          return channel.eventLoop.makeSucceededVoidFuture()
        } catch {
          return channel.eventLoop.makeFailedFuture(error)
        }
      }
      .connect(to: address)
      .assumeIsolatedUnsafeUnchecked()
      .whenComplete { [self] result in
        guard generation == self.generation, self.completion != nil else {
          if case .success(let channel) = result { channel.close(promise: nil) }
          return
        }
        switch result {
        case .success(let channel):
          self.connected(channel, generation: generation, sendsHeader: sendsHeader)
        case .failure(let error):
          if Self.isTimeout(error) {
            self.perform(self.machine.timedOut())
          } else {
            self.perform(self.machine.connectFailed(reason: Self.reason(for: error)))
          }
        }
      }
  }

  private func connected(_ channel: any Channel, generation: Int, sendsHeader: Bool) {
    self.channel = channel
    do {
      try channel.pipeline.syncOperations.addHandler(CheckChannelHandler(probe: self, generation: generation))
    } catch {
      perform(machine.connectionFailed(reason: Self.reason(for: error)))
      return
    }
    if sendsHeader, let header = target.proxyHeader {
      channel.write(header.bytes(local: channel.localAddress, remote: channel.remoteAddress), promise: nil)
      headerUnflushed = true
    }
    if let exchange = target.exchangeBound { arm(exchange) }
    perform(machine.connected())
  }

  // Events from the channel handler.

  func channelRead(_ buffer: ByteBuffer, generation: Int) {
    guard generation == self.generation, completion != nil else { return }
    perform(machine.received(buffer.readableBytesView))
  }

  func channelEnded(generation: Int) {
    guard generation == self.generation, completion != nil else { return }
    perform(machine.endOfStream())
  }

  func channelFailed(_ error: any Error, generation: Int) {
    guard generation == self.generation, completion != nil else { return }
    perform(machine.connectionFailed(reason: Self.reason(for: error)))
  }

  static func isTimeout(_ error: any Error) -> Bool {
    if let error = error as? ChannelError, case .connectTimeout = error { return true }
    if let error = error as? NIOConnectionError {
      return error.connectionErrors.contains { isTimeout($0.error) }
    }
    return false
  }

  /// The system's words for a socket error (`Connection refused`), as HAProxy reports them.
  static func reason(for error: any Error) -> String {
    if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
    if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
      return reason(for: first.error)
    }
    if let error = error as? ChannelError {
      switch error {
      case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed: return "Connection closed"
      default: return "\(error)"
      }
    }
    return "\(error)"
  }
}
