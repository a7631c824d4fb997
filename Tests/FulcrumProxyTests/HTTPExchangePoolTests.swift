import FulcrumCore
import NIOCore
import NIOEmbedded
import Testing

@testable import FulcrumProxy

/// An idle keep-alive session holds no exchange: it gives its exchange back to the loop's pool
/// when a response ends with nothing more to read, and takes one again for the next request.
@Suite struct HTTPExchangePoolTests {
  static let settings = HTTPSessionSettings(
    servers: [], connectTimeout: .seconds(1), timeouts: HTTPTimeouts(client: .seconds(30)), retries: 0,
    redispatchInterval: nil)

  /// A session on an embedded channel whose backend has no server (`ServerClaimTests`'
  /// selector): every request is answered 503, keeping the connection.
  struct Session {
    let channel = EmbeddedChannel()
    let pool = HTTPExchangePool(settings: HTTPExchangePoolTests.settings)
    let handler: HTTPSessionHandler

    init() throws {
      let loop = channel.embeddedEventLoop
      handler = HTTPSessionHandler(
        settings: HTTPExchangePoolTests.settings, selector: ServerClaimTests.Selector(),
        pool: HTTPIdlePool(settings: HTTPPoolSettings(maxPerServer: [], purgeDelay: nil), eventLoop: loop),
        ticker: HTTPSessionTicker(period: nil, eventLoop: loop), exchangePool: pool,
        addresses: ConnectionAddresses(client: nil, local: nil))
      try channel.pipeline.syncOperations.addHandler(handler)
      try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
    }

    func send(_ text: String) throws {
      try channel.writeInbound(ByteBuffer(string: text))
    }

    /// Everything written to the client so far.
    func answered() throws -> String {
      var text = ""
      while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
        text += buffer.readString(length: buffer.readableBytes) ?? ""
      }
      return text
    }
  }

  @Test func anIdleSessionGivesItsExchangeBackAndTheNextRequestTakesItAgain() throws {
    let session = try Session()
    #expect(session.handler.exchangeStorage == nil)
    try session.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    #expect(try session.answered().hasPrefix("HTTP/1.1 503 "))
    #expect(session.handler.exchangeStorage == nil)
    #expect(session.pool.freeCount == 1)

    // Half a head: the request has started, so the session holds an exchange.
    try session.send("GET /next HTTP/1.1\r\n")
    #expect(session.handler.exchangeStorage != nil)
    #expect(session.pool.freeCount == 0)
    try session.send("Host: a\r\n\r\n")
    #expect(try session.answered().hasPrefix("HTTP/1.1 503 "))
    #expect(session.handler.exchangeStorage == nil)
    #expect(session.pool.freeCount == 1)
    _ = try session.channel.finish()
  }

  @Test func pipelinedRequestsKeepTheExchangeUntilTheLastIsAnswered() throws {
    let session = try Session()
    try session.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
    let text = try session.answered()
    #expect(text.components(separatedBy: "HTTP/1.1 503 ").count == 3)
    #expect(session.handler.exchangeStorage == nil)
    #expect(session.pool.freeCount == 1)
    _ = try session.channel.finish()
  }

  @Test func aClosedSessionGivesItsExchangeBack() throws {
    let session = try Session()
    try session.send("GET / HTTP/1.1\r\nHost: a\r\n")
    #expect(session.pool.freeCount == 0)
    _ = try session.channel.finish()
    #expect(session.handler.exchangeStorage == nil)
    #expect(session.pool.freeCount == 1)
  }

  @Test func aReturnedExchangeIsResetAndThePoolKeepsNoMoreThanItsCapacity() {
    let pool = HTTPExchangePool(settings: Self.settings, capacity: 2)
    let taken = (0..<3).map { _ in pool.take() }
    var head = HTTP1RequestHead()
    let partial = ByteBuffer(string: "GET / HTTP/1.1\r\nHost:")
    _ = taken[0].requestParser.parse(partial, into: &head)
    taken[0].requestHead = partial
    for exchange in taken { pool.put(exchange) }
    #expect(pool.freeCount == 2)
    let again = pool.take()
    #expect(again === taken[1])
    let first = pool.take()
    #expect(first === taken[0])
    #expect(first.requestHead.readableBytes == 0)
    // A reset parser reads a new head from its start.
    var parsed = HTTP1RequestHead()
    let result = first.requestParser.parse(ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: b\r\n\r\n"), into: &parsed)
    #expect(result == .complete(length: 28))
  }
}
