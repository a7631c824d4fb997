import NIOCore

/// One connection to a server in a `mode http` backend: sits in the server channel's pipeline
/// and hands what it reads to the session it currently serves, or, while it waits in the idle
/// pool, watches for the server closing it. Back-pressure: its `read()` is held while the
/// client cannot take more. Loop-bound: the server channel lives on its client's event loop.
public final class HTTPServerConnection {
  /// How a server connection sizes its reads: from 512 bytes, halving to 64 after small reads
  /// and doubling to 64 kB after full ones.
  static let receiveAllocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)

  /// The server's index in the backend.
  let server: Int
  private(set) var context: ChannelHandlerContext?
  /// The session whose request this connection carries, or `nil` while idle.
  var session: HTTPSessionHandler?
  /// The pool holding this connection while idle.
  var pool: HTTPIdlePool?
  /// Completed exchanges on this connection (`http-reuse aggressive` gives a first request only
  /// a connection that was reused: two or more).
  var exchanges = 0
  /// The connection began with a PROXY header naming one client (`send-proxy`), so it may
  /// carry only that client's requests.
  var isPrivate = false
  /// The connection ended on an error (a reset), not on the server's close (`observe`).
  private(set) var failed = false
  private var readHeld = false
  /// The session this read burst's bytes went to: it flushes when the burst ends, even if the
  /// exchange finished (and this connection went idle) in the middle of it.
  private var burstReader: HTTPSessionHandler?

  /// The pool of the backend on this loop: it counts the connection while it is open (and
  /// the process's descriptors, when it has that count).
  private let home: HTTPIdlePool?

  init(server: Int, home: HTTPIdlePool?) {
    self.server = server
    self.home = home
  }

  var isActive: Bool { context?.channel.isActive ?? false }
  var isWritable: Bool { context?.channel.isWritable ?? false }

  func write(_ buffer: ByteBuffer) {
    context?.write(NIOAny(buffer), promise: nil)
  }

  func flush() {
    context?.flush()
  }

  /// Closes the connection as haproxy 2.6 closes a server connection it gives up before the
  /// server does (a full pool, a purge, `httpclose`, `http-server-close`, a failure): with a
  /// reset (SO_LINGER 0), which frees the socket at once. A FIN would leave a TIME_WAIT socket
  /// on this side for 60 s per connection, and with a new connection per request to one server
  /// the ephemeral ports towards it would run out at about 470 connections a second. A
  /// connection the server closed is already gone (NIO closes it on the end of stream).
  func close() {
    session = nil
    guard let context else { return }
    if context.channel.isActive { context.channel.resetOnClose() }
    context.close(promise: nil)
  }

  /// Shuts the connection's output once what was written has gone out (a tunnel's half-close).
  func closeOutputWhenDrained() {
    guard let context else { return }
    context.whenWritesDrained { context.close(mode: .output, promise: nil) }
  }

  /// Reads again if they were held for the client.
  func resumeReads() {
    guard readHeld else { return }
    readHeld = false
    context?.read()
  }
}

extension HTTPServerConnection: ChannelDuplexHandler {
  public typealias InboundIn = ByteBuffer
  public typealias OutboundIn = ByteBuffer
  public typealias OutboundOut = ByteBuffer

  public func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    home?.descriptors?.serverConnectionOpened()
    home?.connectionOpened(server: server)
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    home?.descriptors?.serverConnectionClosed()
    home?.connectionClosed(server: server)
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if let session {
      burstReader = session
      session.serverRead(unwrapInboundIn(data), from: self)
    } else {
      // An idle connection has nothing to say: whatever it sends makes it unusable.
      context.close(promise: nil)
    }
  }

  public func channelReadComplete(context: ChannelHandlerContext) {
    if let reader = burstReader {
      burstReader = nil
      reader.serverReadComplete()
    }
  }

  public func channelInactive(context: ChannelHandlerContext) {
    // Closed in the middle of a read burst (the exchange closed it: `Connection: close`,
    // `http-server-close`, the pool full, a failure): NIO sends no read-complete to a closed
    // channel, so the burst ends here and what it wrote to the client is flushed.
    if let reader = burstReader {
      burstReader = nil
      reader.serverReadComplete()
    }
    if let session {
      self.session = nil
      session.serverClosed(self)
    }
    pool?.remove(self)
    context.fireChannelInactive()
  }

  public func errorCaught(context: ChannelHandlerContext, error: any Error) {
    failed = true
    context.close(promise: nil)
  }

  public func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { session?.serverBecameWritable() }
    context.fireChannelWritabilityChanged()
  }

  public func read(context: ChannelHandlerContext) {
    if let session, !session.clientWritable {
      readHeld = true
    } else {
      context.read()
    }
  }
}
