import NIOCore

/// A server's `redir PREFIX`: instead of being forwarded to that server, a GET or HEAD request
/// is answered `302 Found` with a `Location` made of the prefix and the request's path from
/// its leading `/` (query included), and the client connection closes. The prefix `/` keeps
/// the path alone. A request without a path (an absolute-form target that ends at its
/// authority) is forwarded as usual, as HAProxy 2.6 does. Immutable value; any thread.
public struct HTTPServerRedirect: Sendable, Equatable {
  private let prefix: [UInt8]

  public init(prefix: String) {
    self.prefix = prefix == "/" ? [] : Array(prefix.utf8)
  }

  /// Whether `head` is redirected: GET or HEAD, with a path.
  public func applies(to head: HTTP1RequestHead) -> Bool {
    (head.method == .get || head.method == .head) && !head.pathRange.isEmpty
  }

  /// The response for `head`, parsed from `buffer`'s readable bytes; its fields are HAProxy
  /// 2.6's, in its order and case.
  public func response(to head: HTTP1RequestHead, in buffer: ByteBuffer) -> ByteBuffer {
    let path = buffer.readableBytesView[
      buffer.readableBytesView.startIndex + head.pathRange.lowerBound..<buffer.readableBytesView.startIndex
        + head.targetRange.upperBound]
    var response = ByteBuffer()
    response.reserveCapacity(110 + prefix.count + path.count)
    response.writeStaticString("HTTP/1.1 302 Found\r\ncache-control: no-cache\r\ncontent-length: 0\r\nlocation: ")
    response.writeBytes(prefix)
    response.writeBytes(path)
    response.writeStaticString("\r\nconnection: close\r\n\r\n")
    return response
  }
}
