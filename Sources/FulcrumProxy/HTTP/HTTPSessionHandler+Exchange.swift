import NIOCore

extension HTTPSessionHandler {
  /// The session's exchange, taken from the loop's pool on first use. Yielded borrowed: an
  /// access costs no retain and release.
  var exchange: HTTPExchange {
    _read {
      if exchangeStorage == nil { takeExchange() }
      yield exchangeStorage.unsafelyUnwrapped
    }
  }

  @inline(never)
  private func takeExchange() {
    exchangeStorage = exchangePool.take()
  }

  /// Gives the exchange back to the pool: the connection is idle between requests, or gone.
  /// Nothing of the exchange may be in use (no request started, no response awaited).
  func returnExchange() {
    guard let current = exchangeStorage else { return }
    exchangeStorage = nil
    exchangePool.put(current)
  }

  var requestParser: HTTP1RequestHeadParser {
    _read { yield exchange.requestParser }
    _modify { yield &exchange.requestParser }
  }

  var request: HTTP1RequestHead {
    _read { yield exchange.request }
    _modify { yield &exchange.request }
  }

  var requestBody: HTTP1BodyFramer {
    _read { yield exchange.requestBody }
    _modify { yield &exchange.requestBody }
  }

  /// The current request's head as received (what `balance uri` or `hdr` hash).
  var requestHead: ByteBuffer {
    _read { yield exchange.requestHead }
    _modify { yield &exchange.requestHead }
  }

  var responseParser: HTTP1ResponseHeadParser {
    _read { yield exchange.responseParser }
    _modify { yield &exchange.responseParser }
  }

  var response: HTTP1ResponseHead {
    _read { yield exchange.response }
    _modify { yield &exchange.response }
  }

  var responseBody: HTTP1BodyFramer {
    _read { yield exchange.responseBody }
    _modify { yield &exchange.responseBody }
  }

  var retry: ConnectRetryStateMachine {
    _read { yield exchange.retry }
    _modify { yield &exchange.retry }
  }
}
