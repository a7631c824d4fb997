import NIOCore

/// The state of one request and its response on a client connection: both heads and their
/// parsers, the body framers, the head kept for hashing and retries, and the connect/retry
/// decisions. A session takes one from its loop's ``HTTPExchangePool`` when a request starts
/// and gives it back when a response ends with nothing more to read, or when it closes, so an
/// idle keep-alive client holds none of it (lbidle); pipelined requests keep it, recycled.
/// Loop-bound: used by one session at a time on the pool's event loop.
final class HTTPExchange {
  var requestParser: HTTP1RequestHeadParser
  var request = HTTP1RequestHead()
  var requestBody = HTTP1BodyFramer(framing: .empty, side: .request)
  /// The current request's head as received (what `balance uri` or `hdr` hash).
  var requestHead = ByteBuffer()
  var responseParser: HTTP1ResponseHeadParser
  var response = HTTP1ResponseHead()
  var responseBody = HTTP1BodyFramer(framing: .empty, side: .response)
  var retry: ConnectRetryStateMachine
  /// Where the buffered body starts in the bytes pending for the server (`check_post`).
  var bodyPartsStart = 0
  /// The request's bytes held while buffering, head included (`http-buffer-request`).
  var bufferedBytes = 0

  init(settings: HTTPSessionSettings) {
    requestParser = HTTP1RequestHeadParser(limits: settings.limits)
    requestParser.acceptsInvalid = settings.acceptsInvalidRequests
    requestParser.acceptsPayloadWithAnyMethod = settings.acceptsPayloadWithAnyMethod
    responseParser = HTTP1ResponseHeadParser(limits: settings.limits)
    responseParser.acceptsInvalid = settings.acceptsInvalidResponses
    retry = ConnectRetryStateMachine(retries: settings.retries, redispatchInterval: settings.redispatchInterval)
  }

  /// Readies the exchange for another request or session: parsers at the start of a head and
  /// no bytes held. The heads keep their field tables, so a reused exchange parses without allocating.
  func recycle() {
    requestParser.reset()
    responseParser.reset()
    requestHead = HTTPSessionHandler.noBytes
  }
}
