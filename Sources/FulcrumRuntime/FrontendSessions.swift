import FulcrumProxy
import NIOCore

/// What a frontend's listeners need to serve an accepted connection: the frontend's settings
/// and its backend's per-loop state. Shared by the frontend's listeners; called on the accepted
/// connection's event loop.
final class FrontendSessions: Sendable {
  let frontend: ServingPlan.Frontend
  let backend: PerLoopBackend
  /// What a `monitor-net` client gets before the close: `HTTP/1.0 200 OK` in mode http.
  private let monitorReply: ByteBuffer?
  /// The timer each loop's HTTP sessions of this frontend share.
  private let tickers: PerLoop<HTTPSessionTicker>
  /// The exchanges each loop's HTTP sessions of this frontend reuse (none in mode tcp).
  private let exchanges: PerLoop<HTTPExchangePool>?

  init(frontend: ServingPlan.Frontend, backend: PerLoopBackend, group: any EventLoopGroup) {
    self.frontend = frontend
    self.backend = backend
    monitorReply = frontend.http != nil ? ByteBuffer(bytes: MonitorNetResponder.httpReply) : nil
    let period = frontend.http?.timeouts.tick
    tickers = PerLoop(group: group) { loop in HTTPSessionTicker(period: period, eventLoop: loop) }
    exchanges = frontend.http.map { http in PerLoop(group: group) { _ in HTTPExchangePool(settings: http) } }
  }

  /// A soft stop: each loop's HTTP sessions of the frontend are told to finish, on their
  /// loop; the futures complete once every loop has told them.
  func softStop() -> [EventLoopFuture<Void>] {
    guard frontend.http != nil else { return [] }
    return tickers.loops.map { loop in
      let ticker = tickers.box(for: loop)
      return loop.submit { ticker.value.softStop() }
    }
  }

  /// The first handler of an accepted connection: its session, or on an `accept-proxy`
  /// listener the handler that builds the session once the PROXY header is in, or for a
  /// `monitor-net` client (matched on the socket's address, before any PROXY header, as HAProxy
  /// 2.0 matched it) the monitor's answer.
  func firstHandler(for channel: any Channel, acceptProxy: Bool) -> any ChannelHandler {
    if let network = frontend.monitorNetwork, MonitorNetResponder.matches(channel.remoteAddress, network) {
      return MonitorNetResponder(reply: monitorReply)
    }
    guard acceptProxy else { return makeSessionHandler(for: channel, addresses: ConnectionAddresses(channel: channel)) }
    return AcceptProxyHandler(timeout: frontend.clientTimeout) { addresses in
      self.makeSessionHandler(for: channel, addresses: addresses)
    }
  }

  /// Builds the handler that serves one connection of the frontend, from `addresses`.
  func makeSessionHandler(for channel: any Channel, addresses: ConnectionAddresses) -> any ChannelHandler {
    let loop = channel.eventLoop
    if let http = frontend.http, let exchanges {
      return HTTPSessionHandler(
        settings: http, selector: backend.selector(for: loop), pool: backend.pool(for: loop), ticker: tickers[loop],
        exchangePool: exchanges[loop], addresses: addresses, observer: backend.observer(for: loop))
    }
    return TCPSessionHandler(
      settings: frontend.session, selector: backend.selector(for: loop), addresses: addresses,
      observer: backend.observer(for: loop))
  }
}
