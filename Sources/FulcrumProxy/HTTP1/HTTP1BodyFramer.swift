import NIOCore

/// Finds where a message body ends, by length, by chunks or at close, without copying it: each
/// call says how many of the bytes given belong to the body, to be forwarded as they are. One
/// per message and direction, built from the head's ``HTTP1BodyFraming``. Value type; owned by
/// the handler on its event loop.
public struct HTTP1BodyFramer: Sendable {
  private var state: State

  private enum State: Sendable {
    case finished
    case remaining(Int)
    case chunked(HTTP1ChunkedBodyDecoder)
    case unbounded
  }

  /// - Parameters:
  ///   - framing: from the parsed head.
  ///   - side: which side sends the body, for the status of an error.
  ///   - limits: bound the chunk-size lines and the trailer section.
  public init(framing: HTTP1BodyFraming, side: HTTP1MessageSide, limits: HTTP1Limits = .default) {
    switch framing {
    case .empty: state = .finished
    case .contentLength(let length): state = length == 0 ? .finished : .remaining(length)
    case .chunked: state = .chunked(HTTP1ChunkedBodyDecoder(side: side, limits: limits))
    case .untilClose, .tunnel: state = .unbounded
    }
  }

  /// Whether the body has ended (immediately so for an empty one).
  public var isComplete: Bool {
    if case .finished = state { return true }
    return false
  }

  /// Frames the readable bytes of `buffer`.
  public mutating func consume(_ buffer: ByteBuffer) -> HTTP1BodyProgress {
    consume(buffer.readableBytesUInt8Span)
  }

  /// Frames `bytes`, which follow what earlier calls consumed. A body without length never ends
  /// here: its end is the connection's.
  public mutating func consume(_ bytes: Span<UInt8>) -> HTTP1BodyProgress {
    switch state {
    case .finished:
      return .end(count: 0)
    case .remaining(let remaining):
      if bytes.count < remaining {
        state = .remaining(remaining &- bytes.count)
        return .body(count: bytes.count)
      }
      state = .finished
      return .end(count: remaining)
    case .chunked(var decoder):
      let progress = decoder.consume(bytes)
      state = decoder.isComplete ? .finished : .chunked(decoder)
      return progress
    case .unbounded:
      return .body(count: bytes.count)
    }
  }
}
