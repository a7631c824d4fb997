import NIOCore

/// Parses response heads (RFC 9112 §4–§6) in place, incrementally, as a server connection reads
/// them, and decides the body's framing from the request method it answers. Same protocol as
/// ``HTTP1RequestHeadParser``: same bytes plus more after `.needMoreBytes`, ``reset()`` after
/// `.complete` or `.invalid`. Every error maps to 502. Owned by the handler on its event loop.
public struct HTTP1ResponseHeadParser: Sendable {
  /// The size limits heads are parsed under.
  public var limits: HTTP1Limits
  /// `option accept-invalid-http-response`: header names may hold any visible byte.
  public var acceptsInvalid = false
  var position = 0
  private var phase = Phase.statusLine
  private var result = HTTP1HeadParseResult.needMoreBytes

  private enum Phase: UInt8 { case statusLine, fields, finished }

  public init(limits: HTTP1Limits = .default) { self.limits = limits }

  /// Prepares for the next message (also after an interim 1xx response).
  public mutating func reset() {
    position = 0
    phase = .statusLine
    result = .needMoreBytes
  }

  /// Parses the readable bytes of `buffer`; offsets in `head` count from its reader index.
  public mutating func parse(
    _ buffer: ByteBuffer, requestMethod: HTTP1Method, into head: inout HTTP1ResponseHead
  ) -> HTTP1HeadParseResult {
    parse(buffer.readableBytesUInt8Span, requestMethod: requestMethod, into: &head)
  }

  /// Parses `bytes`, which start at the first byte of the response, answering a request made
  /// with `requestMethod`.
  public mutating func parse(
    _ bytes: Span<UInt8>, requestMethod: HTTP1Method, into head: inout HTTP1ResponseHead
  ) -> HTTP1HeadParseResult {
    guard phase != .finished else { return result }
    let limited = bytes.count > limits.maxHeadLength ? bytes.extracting(0..<limits.maxHeadLength) : bytes
    var outcome = HTTP1HeadParseResult.needMoreBytes
    if phase == .statusLine {
      head.clear()
      outcome = parseStatusLine(limited, into: &head)
      if case .complete = outcome {
        phase = .fields
        outcome = .needMoreBytes
      }
    }
    if phase == .fields {
      outcome = head.headers.parseFields(
        limited, position: &position, maxHeaders: limits.maxHeaders, side: .response, relaxedNames: acceptsInvalid)
      if case .complete(let length) = outcome {
        head.length = length
        if let failure = finish(&head, requestMethod: requestMethod) { outcome = .invalid(failure) }
      }
    }
    if case .needMoreBytes = outcome, bytes.count >= limits.maxHeadLength {
      outcome = .invalid(HTTP1ParseError(.headTooLarge, side: .response, offset: limits.maxHeadLength))
    }
    if case .needMoreBytes = outcome { return outcome }
    phase = .finished
    result = outcome
    return outcome
  }

  /// RFC 9112 §6.3, in its order.
  private func finish(_ head: inout HTTP1ResponseHead, requestMethod: HTTP1Method) -> HTTP1ParseError? {
    let status = head.status
    if status < 200 {
      head.framing = status == 101 ? .tunnel : .empty
      return nil
    }
    if requestMethod == .head || status == 204 || status == 304 {
      head.framing = .empty
      return nil
    }
    if requestMethod == .connect, status < 300 {
      head.framing = .tunnel
      return nil
    }
    if let index = head.headers.transferEncodingIndex {
      // HAProxy 2.6 answers 502 to codings it cannot frame rather than reading until close.
      if let reason = head.headers.transferCodingFailure() {
        return HTTP1ParseError(reason, side: .response, offset: head.headers.fields[index].nameRange.lowerBound)
      }
      head.framing = .chunked
      if head.headers.contentLength != nil {
        head.headers.needsFramingRewrite = true
        head.mustCloseAfterBody = true
      }
      if head.version == .http10 { head.mustCloseAfterBody = true }
    } else if let length = head.headers.contentLength {
      head.framing = .contentLength(length)
    } else {
      head.framing = .untilClose
    }
    return nil
  }
}
