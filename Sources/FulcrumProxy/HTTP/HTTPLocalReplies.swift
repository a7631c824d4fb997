import NIOCore

/// The responses an HTTP frontend answers itself, encoded once: its error pages (400, 408, 502,
/// 503, 504, …) and the response of an unconditional `http-request return` or `deny`, which
/// answers every request without a server. Immutable; shared by every session on every loop.
public struct HTTPLocalReplies: Sendable {
  /// Status → the complete response (head and body) when the connection closes after it.
  public var errorPages: [Int: ByteBuffer]
  /// Status → the same without `connection: close`, when the connection stays open.
  public var keepAliveErrorPages: [Int: ByteBuffer]
  /// The response every request gets, when the frontend answers all of them itself.
  public var answerAll: ByteBuffer?

  public init(errorPages: [Int: ByteBuffer] = [:], answerAll: ByteBuffer? = nil) {
    var closing = errorPages
    var keeping: [Int: ByteBuffer] = [:]
    for status in [400, 403, 408, 500, 501, 502, 503, 504, 505, 422] where closing[status] == nil {
      closing[status] = Self.defaultPage(status, closing: true)
      keeping[status] = Self.defaultPage(status, closing: false)
    }
    self.errorPages = closing
    self.keepAliveErrorPages = keeping
    self.answerAll = answerAll
  }

  /// The page for `status`, for a connection that closes after it or stays open.
  public func errorPage(_ status: Int, keepAlive: Bool) -> ByteBuffer {
    if keepAlive, let page = keepAliveErrorPages[status] { return page }
    if let page = errorPages[status] { return page }
    return Self.defaultPage(status, closing: !keepAlive)
  }

  static func defaultPage(_ status: Int, closing: Bool) -> ByteBuffer {
    let reason = HTTPStatusReason.phrase(status)
    let body = "<html><body><h1>\(status) \(reason)</h1>\n\(HTTPStatusReason.explanation(status))\n</body></html>\n"
    let head =
      "HTTP/1.1 \(status) \(reason)\r\ncontent-length: \(body.utf8.count)\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\(closing ? "connection: close\r\n" : "")\r\n"
    return ByteBuffer(string: head + body)
  }
}
