import NIOCore

/// Parses request heads (RFC 9112 §2–§6) in place, incrementally, as a client connection reads
/// them. Give it the bytes from the first byte of the message on, with more appended after each
/// `.needMoreBytes`: it resumes at the line it stopped in. After `.complete` or `.invalid`,
/// ``reset()`` before the next message. It refuses what request smuggling is made of (see
/// `docs/http1-parsing.md`). Holds a few integers; owned by the handler on its event loop.
public struct HTTP1RequestHeadParser: Sendable {
  /// The size limits heads are parsed under.
  public var limits: HTTP1Limits
  /// `option accept-invalid-http-request`: header names may hold any visible byte, and the
  /// target bytes above 0x7F.
  public var acceptsInvalid = false
  /// Global `h1-accept-payload-with-any-method`: an HTTP/1.0 GET, HEAD or DELETE may carry a
  /// body (HAProxy 2.6 answers it 413 otherwise: an HTTP/1.0 server may not expect one).
  public var acceptsPayloadWithAnyMethod = false
  var position = 0
  private var phase = Phase.startLine
  private var result = HTTP1HeadParseResult.needMoreBytes

  private enum Phase: UInt8 { case startLine, fields, finished }

  public init(limits: HTTP1Limits = .default) { self.limits = limits }

  /// Prepares for the next message.
  public mutating func reset() {
    position = 0
    phase = .startLine
    result = .needMoreBytes
  }

  /// Parses the readable bytes of `buffer`; offsets in `head` count from its reader index.
  public mutating func parse(_ buffer: ByteBuffer, into head: inout HTTP1RequestHead) -> HTTP1HeadParseResult {
    parse(buffer.readableBytesUInt8Span, into: &head)
  }

  /// Parses `bytes`, which start at the first byte of the message; fills `head` and says whether
  /// the head is complete.
  public mutating func parse(_ bytes: Span<UInt8>, into head: inout HTTP1RequestHead) -> HTTP1HeadParseResult {
    guard phase != .finished else { return result }
    let limited = bytes.count > limits.maxHeadLength ? bytes.extracting(0..<limits.maxHeadLength) : bytes
    var outcome = HTTP1HeadParseResult.needMoreBytes
    if phase == .startLine {
      if position == 0 { head.clear() }
      outcome = parseRequestLine(limited, into: &head)
      if case .complete = outcome {
        phase = .fields
        outcome = .needMoreBytes
      }
    }
    if phase == .fields {
      outcome = head.headers.parseFields(
        limited, position: &position, maxHeaders: limits.maxHeaders, side: .request, relaxedNames: acceptsInvalid)
      if case .complete(let length) = outcome {
        head.length = length
        if let failure = finish(limited, &head) { outcome = .invalid(failure) }
      }
    }
    if case .needMoreBytes = outcome, bytes.count >= limits.maxHeadLength {
      outcome = .invalid(HTTP1ParseError(.headTooLarge, side: .request, offset: limits.maxHeadLength))
    }
    if case .needMoreBytes = outcome { return outcome }
    phase = .finished
    result = outcome
    return outcome
  }

  /// Framing and consistency checks that need the whole head.
  private func finish(_ bytes: Span<UInt8>, _ head: inout HTTP1RequestHead) -> HTTP1ParseError? {
    if let index = head.headers.transferEncodingIndex {
      let fields = head.headers
      let offset = fields.fields[index].nameRange.lowerBound
      // RFC 9112 §6.1: HTTP/1.0 cannot frame with Transfer-Encoding, and Content-Length beside
      // it is what smuggling is made of. HAProxy 2.6 forwards both after dropping
      // Content-Length; a proxy that forwards original bytes refuses them.
      if head.version == .http10 { return HTTP1ParseError(.transferEncodingInHTTP10, side: .request, offset: offset) }
      if fields.contentLength != nil {
        return HTTP1ParseError(.contentLengthWithTransferEncoding, side: .request, offset: offset)
      }
      if let reason = fields.transferCodingFailure() { return HTTP1ParseError(reason, side: .request, offset: offset) }
      head.framing = .chunked
    } else if let length = head.headers.contentLength {
      head.framing = .contentLength(length)
      if length > 0, head.version == .http10, !acceptsPayloadWithAnyMethod,
        head.method == .get || head.method == .head || head.method == .delete
      {
        let offset = head.headers.contentLengthIndex.map { head.headers.fields[$0].nameRange.lowerBound } ?? 0
        return HTTP1ParseError(.payloadInHTTP10Method, side: .request, offset: offset)
      }
    }
    if head.targetForm == .absolute, let host = head.hostRange, let authority = head.authorityRange,
      let scheme = head.schemeRange, !HTTP1Authority.matches(bytes, authority: authority, scheme: scheme, host: host)
    {
      return HTTP1ParseError(.hostMismatchesTarget, side: .request, offset: host.lowerBound)
    }
    return nil
  }
}
