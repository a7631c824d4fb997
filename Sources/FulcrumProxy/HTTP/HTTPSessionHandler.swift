import FulcrumCore
import NIOCore

/// Serves one `mode http` client connection: reads request heads in place, forwards each request
/// to a server chosen per request (over a pooled idle connection or a new one on this same event
/// loop), streams bodies both ways by length or chunks without copying, answers pipelined
/// requests in order, keeps the client connection alive between requests, switches to a tunnel
/// after `101`, and answers failures with the frontend's error pages. Only `ByteBuffer`s cross
/// the pipeline; back-pressure holds the reading side's `read()`. Loop-bound: the client
/// channel, its server connections and the idle pool all live on one event loop.
public final class HTTPSessionHandler: ServerQueueWaiter {
  enum RequestPhase: UInt8 {
    /// Waiting for (the rest of) a request head.
    case head
    /// Forwarding the request body.
    case body
    /// Reading and dropping the body of a request answered locally.
    case discard
    /// The request is complete; pipelined bytes wait in `inbound`.
    case done
    /// The connection became a tunnel.
    case tunnel
    /// The session is ending; nothing more is read.
    case closed
  }

  enum ResponsePhase: UInt8 {
    /// No request is with a server.
    case none
    case head
    case body
    case tunnel
  }

  let settings: HTTPSessionSettings
  let selector: any BackendSelector
  let pool: HTTPIdlePool
  /// The backend's `observe`/`on-marked-down`/`on-marked-up` on this loop, if any server uses them.
  let observer: ServerObserver?
  var context: ChannelHandlerContext?
  /// Where the client connection comes from and arrived (the PROXY header's, with
  /// `accept-proxy`).
  let addresses: ConnectionAddresses
  /// The client's address as `balance source` hashes it.
  let clientAddress: ClientAddressBytes
  /// The `forwardfor`/`originalto` lines of this connection, built once.
  let forwardingLines: HTTPForwardingLines

  // The current exchange (see the forwarding properties in `HTTPSessionHandler+Exchange`).
  /// The exchange this session holds, taken from `exchangePool` when first needed and given back
  /// after a tick idle between requests. Only this session's code on its loop touches it, and
  /// never while an access to the exchange is open: unchecked, it costs no exclusivity check
  /// on every access to the request or response.
  @exclusivity(unchecked) var exchangeStorage: HTTPExchange?
  let exchangePool: HTTPExchangePool

  // The request side.
  /// Client bytes not processed yet: part of a head, or pipelined requests.
  var inbound = ByteBuffer()
  var requestPhase = RequestPhase.head
  /// Requests completed on this connection.
  var exchanges = 0
  /// Whether the client connection stays open after the current exchange.
  var clientKeepAlive = true
  var clientInputClosed = false
  var clientReadPending = false
  /// `option http-buffer-request`: the body is being read before a server is chosen.
  var bufferingBody = false
  /// This exchange's `100 Continue` was sent by Fulcrum (while buffering): the server's own is
  /// not relayed.
  var continueAnswered = false

  // The response side.
  var serverInbound = ByteBuffer()
  var responsePhase = ResponsePhase.none
  /// Some of the current exchange's response was sent to the client: an error page can no
  /// longer be.
  var responseStarted = false

  // The server side.
  var server: HTTPServerConnection?
  /// The slot the current exchange holds (see `BackendSelector.assignServer`), or its place in
  /// a queue.
  var claim = ServerClaim()
  /// Where the current exchange is registered with the observer (`on-marked-down`): the server,
  /// and the server channel's identity.
  var registration: (server: Int, client: ObjectIdentifier)?
  var connecting = false
  /// Bytes for the server while its connection is being made.
  var pendingToServer: [ByteBuffer] = []
  /// Whether the server connection may serve another request after this exchange.
  var serverReusable = false
  var serverNeedsFlush = false
  var clientNeedsFlush = false

  // Timeouts.
  let activity = SessionActivity()
  var timer: HTTPSessionTimer
  /// This session's slot in the loop's ticker while registered.
  var tickerSlot: Int?
  let ticker: HTTPSessionTicker
  var started = false
  var closing = false
  var clientClosing = false
  /// Set while `driveRequest` runs, so a nested call only asks the running loop to go on.
  var drivingRequest = false

  /// An empty buffer that owns no storage.
  static let noBytes = ByteBuffer()

  public init(
    settings: HTTPSessionSettings, selector: any BackendSelector, pool: HTTPIdlePool, ticker: HTTPSessionTicker,
    exchangePool: HTTPExchangePool, addresses: ConnectionAddresses, observer: ServerObserver? = nil
  ) {
    self.ticker = ticker
    self.exchangePool = exchangePool
    self.observer = observer
    self.settings = settings
    self.selector = selector
    self.pool = pool
    self.addresses = addresses
    clientAddress = ClientAddressBytes(addresses.client)
    forwardingLines = settings.forwarding.lines(client: addresses.client, local: addresses.local)
    timer = HTTPSessionTimer(limits: settings.timerLimits)
  }

  /// Whether the client can take more bytes (server reads are held otherwise).
  var clientWritable: Bool { context?.channel.isWritable ?? false }

  /// Whether the client's `read()` may go through now.
  var mayReadClient: Bool {
    switch requestPhase {
    case .head, .discard: return !closing
    case .body, .tunnel: return bufferingBody || (!connecting && (server?.isWritable ?? false))
    case .done:
      // Keep reading while the response comes (so the socket's read interest is not toggled
      // per request); pipelined requests wait in `inbound`, up to one head's worth.
      return inbound.readableBytes < settings.limits.maxHeadLength
    case .closed: return false
    }
  }

  func resumeClientReads() {
    guard clientReadPending, mayReadClient, let context else { return }
    clientReadPending = false
    context.read()
  }

  func writeToClient(_ buffer: ByteBuffer) {
    responseStarted = true
    clientNeedsFlush = true
    context?.write(NIOAny(buffer), promise: nil)
  }

  func flushClient() {
    guard clientNeedsFlush else { return }
    clientNeedsFlush = false
    context?.flush()
  }

  func sendToServer(_ buffer: ByteBuffer) {
    if let server, !connecting {
      server.write(buffer)
      serverNeedsFlush = true
    } else {
      pendingToServer.append(buffer)
    }
  }

  func flushServer() {
    guard serverNeedsFlush else { return }
    serverNeedsFlush = false
    server?.flush()
  }

  /// Flushes what was written to the client, then closes the connection.
  func closeClientWhenDrained() {
    guard let context, !clientClosing else { return }
    clientClosing = true
    closing = true
    requestPhase = .closed
    timer.enter(.none, activity: activity.bursts)
    clientNeedsFlush = false
    context.whenWritesDrained { context.close(promise: nil) }
  }

  /// Ends the session at once, both sides.
  func abort() {
    closing = true
    requestPhase = .closed
    releaseSlot()
    releaseServer(reusable: false)
    context?.close(promise: nil)
  }
}
