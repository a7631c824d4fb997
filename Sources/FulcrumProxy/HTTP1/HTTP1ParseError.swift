/// Why a message head or body was refused, where, and the status HAProxy 2.6 answers with: a
/// request error is answered with `status` and the connection closed; a response error becomes a
/// 502 for the client and the server connection is closed. Immutable value; any thread.
public struct HTTP1ParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What was wrong.
  public var reason: Reason
  /// Which side sent the message.
  public var side: HTTP1MessageSide
  /// The offset of the offending byte from the start of the bytes given to the parser or
  /// framer call (for logs, like HAProxy's `show errors`).
  public var offset: Int

  public init(_ reason: Reason, side: HTTP1MessageSide, offset: Int) {
    self.reason = reason
    self.side = side
    self.offset = offset
  }

  /// The status to answer with: 502 for every response error; for a request, 400 except an
  /// unsupported transfer coding before `chunked` (422, as HAProxy 2.6), an HTTP/1.0 GET, HEAD
  /// or DELETE with a body (413, as HAProxy 2.6), and an HTTP version other than 1.x or the
  /// HTTP/2 preface (505).
  public var status: Int {
    guard side == .request else { return 502 }
    switch reason {
    case .unsupportedTransferCoding: return 422
    case .payloadInHTTP10Method: return 413
    case .unsupportedVersion, .http2Preface: return 505
    default: return 400
    }
  }

  public var description: String { "\(status): \(reason.description) at byte \(offset)" }

  /// The kinds of invalid message. Each says what the sender did wrong.
  public enum Reason: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case headTooLarge
    case tooManyHeaders
    case invalidMethod
    case invalidTarget
    case invalidVersion
    case unsupportedVersion
    case http2Preface
    case invalidStatusLine
    case bareLineFeed
    case bareCarriageReturn
    case obsoleteLineFolding
    case invalidHeaderName
    case spaceBeforeColon
    case missingColon
    case invalidHeaderValue
    case invalidContentLength
    case conflictingContentLength
    case contentLengthWithTransferEncoding
    case transferEncodingNotChunked
    case chunkedAppliedTwice
    case unsupportedTransferCoding
    case transferEncodingInHTTP10
    case payloadInHTTP10Method
    case conflictingHost
    case hostMismatchesTarget
    case invalidChunkSize
    case chunkSizeOverflow
    case invalidChunkExtension
    case chunkLineTooLong
    case missingChunkTerminator
    case invalidTrailer
    case trailersTooLarge
  }
}
