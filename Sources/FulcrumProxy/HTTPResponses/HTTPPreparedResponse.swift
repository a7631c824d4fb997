import NIOCore

/// A complete HTTP/1 response Fulcrum answers by itself (an error page, an `http-request return`
/// or `deny`, a redirect), serialised once at load in each form a connection may need, so sending
/// it is a write of a shared `ByteBuffer` with no formatting. Built off the event loops;
/// immutable and read from any loop afterwards.
///
/// As HAProxy 2.6 does, the `Connection` field is written last and only when needed: closing, a
/// response says `connection: close` (unless it is HTTP/1.0, which closes by default); keeping
/// the connection, it says `connection: keep-alive` only to an HTTP/1.0 client or when the
/// response itself is HTTP/1.0.
public struct HTTPPreparedResponse: Sendable {
  /// Which serialised form to send.
  public enum Form: Sendable, Hashable {
    /// The connection stays open and the client speaks HTTP/1.1.
    case keepAlive
    /// The connection stays open and the client speaks HTTP/1.0 (it needs `connection: keep-alive`).
    case keepAliveForHTTP10
    /// The connection closes after the response.
    case close
  }

  /// The status code sent (for logs and counters; an errorfile may carry another code than the
  /// one it replaces).
  public let status: Int
  /// The response always ends the connection: its head says `Connection: close` (HAProxy's own
  /// 400 and 408 pages), its body runs until the close (an errorfile without `Content-Length`),
  /// or it is empty (an empty errorfile: close without answering).
  public let closesConnection: Bool
  private let keepAlive: ByteBuffer
  private let keepAliveForHTTP10: ByteBuffer
  private let close: ByteBuffer
  private let headLengths: HeadLengths

  private struct HeadLengths: Sendable {
    var keepAlive: Int
    var keepAliveForHTTP10: Int
    var close: Int
  }

  /// Serialises a response from its parts.
  /// - Parameters:
  ///   - head: the status line and the header fields, each line ending in CRLF, without any
  ///     `Connection` field and without the empty line that ends the head.
  ///   - body: the payload, sent after the head.
  ///   - isHTTP10: the status line says `HTTP/1.0`.
  ///   - closesConnection: see ``closesConnection``.
  init(status: Int, head: [UInt8], body: [UInt8], isHTTP10: Bool, closesConnection: Bool) {
    self.status = status
    self.closesConnection = closesConnection
    let keepField: [UInt8] = Array("connection: keep-alive\r\n".utf8)
    let closeField: [UInt8] = isHTTP10 ? [] : Array("connection: close\r\n".utf8)
    let end: [UInt8] = [HTTP1ASCII.carriageReturn, HTTP1ASCII.lineFeed]
    let closeHead = head + closeField + end
    let http10Head = head + keepField + end
    let keepHead = isHTTP10 ? http10Head : head + end
    close = ByteBuffer(bytes: closeHead + body)
    if closesConnection {
      keepAlive = close
      keepAliveForHTTP10 = close
      headLengths = HeadLengths(keepAlive: closeHead.count, keepAliveForHTTP10: closeHead.count, close: closeHead.count)
    } else {
      keepAlive = ByteBuffer(bytes: keepHead + body)
      keepAliveForHTTP10 = ByteBuffer(bytes: http10Head + body)
      headLengths = HeadLengths(
        keepAlive: keepHead.count, keepAliveForHTTP10: http10Head.count, close: closeHead.count)
    }
  }

  /// The empty response of an empty errorfile (`errorfile 408 /dev/null`): nothing is sent and the
  /// connection is closed.
  init(silentStatus status: Int) {
    self.status = status
    closesConnection = true
    keepAlive = ByteBuffer()
    keepAliveForHTTP10 = ByteBuffer()
    close = keepAlive
    headLengths = HeadLengths(keepAlive: 0, keepAliveForHTTP10: 0, close: 0)
  }

  /// Nothing is sent: the connection is just closed.
  public var isSilent: Bool { close.readableBytes == 0 }

  /// The form to send to a client whose request did (`requestKeepsAlive`) or did not ask to keep
  /// the connection, given its HTTP version; `.close` whenever this response closes anyway.
  public func form(requestKeepsAlive: Bool, clientIsHTTP10: Bool) -> Form {
    if closesConnection || !requestKeepsAlive { return .close }
    return clientIsHTTP10 ? .keepAliveForHTTP10 : .keepAlive
  }

  /// The bytes to write: the whole response, or only its head when answering a HEAD request.
  /// The buffer shares this response's storage; writing it copies nothing.
  public func bytes(_ form: Form, headOnly: Bool = false) -> ByteBuffer {
    let (buffer, headLength) =
      switch form {
      case .keepAlive: (keepAlive, headLengths.keepAlive)
      case .keepAliveForHTTP10: (keepAliveForHTTP10, headLengths.keepAliveForHTTP10)
      case .close: (close, headLengths.close)
      }
    guard headOnly, headLength < buffer.readableBytes else { return buffer }
    return buffer.getSlice(at: buffer.readerIndex, length: headLength) ?? buffer
  }
}
