/// Walks a chunked body (RFC 9112 §7.1) across reads split anywhere, validating the chunk-size
/// lines, the CRLF after each chunk's data and the trailer section, without copying: it says how
/// many bytes belong to the body and, if asked, where the data bytes lie. Refuses what a
/// recipient could read another way: bare LF or CR, whitespace inside the size, control bytes in
/// extensions, sizes over 63 bits, obs-fold in trailers. A few integers; owned by the handler on
/// its event loop.
public struct HTTP1ChunkedBodyDecoder: Sendable {
  private var state = State.size
  private var chunkSize = 0
  private var hasDigits = false
  private var remaining = 0
  private var lineLength = 0
  private var trailerLength = 0
  private var trailerFields = 0
  private var failure: HTTP1ParseError?
  private let side: HTTP1MessageSide
  private let limits: HTTP1Limits

  private enum State: UInt8 {
    case size, sizeWhitespace, chunkExtension, sizeLineFeed
    case data, dataCarriageReturn, dataLineFeed
    case trailerStart, trailerName, trailerValue, trailerLineFeed, finalLineFeed
    case done, failed
  }

  public init(side: HTTP1MessageSide, limits: HTTP1Limits = .default) {
    self.side = side
    self.limits = limits
  }

  /// Whether the last chunk and the trailer section have been read.
  public var isComplete: Bool { state == .done }

  /// Consumes `bytes`, which follow what earlier calls consumed.
  public mutating func consume(_ bytes: Span<UInt8>) -> HTTP1BodyProgress {
    consume(bytes) { _ in }
  }

  /// Consumes `bytes` and hands each run of chunk data to `data`, as a range of `bytes`.
  public mutating func consume(_ bytes: Span<UInt8>, data: (Range<Int>) -> Void) -> HTTP1BodyProgress {
    if let failure { return .invalid(failure) }
    if state == .done { return .end(count: 0) }
    let end = bytes.count
    var index = 0
    while index < end {
      switch state {
      case .data:
        let count = min(remaining, end &- index)
        data(index..<(index &+ count))
        index &+= count
        remaining &-= count
        if remaining == 0 { state = .dataCarriageReturn }
        continue
      case .dataCarriageReturn:
        // The usual CRLF after the data, then a plain `HEX CRLF` size line, in one go.
        if index &+ 1 < end, bytes[index] == HTTP1ASCII.carriageReturn, bytes[index &+ 1] == HTTP1ASCII.lineFeed {
          index &+= 2
          state = .size
          continue
        }
      case .size where lineLength == 0:
        if let next = plainSizeLine(bytes, from: index) {
          index = next
          continue
        }
      default:
        break
      }
      if let reason = step(bytes[index]) { return fail(reason, at: index) }
      index &+= 1
      if state == .done { return .end(count: index) }
    }
    return .body(count: end)
  }

  /// Takes a whole size line without extension (`HEX CRLF`, at most 15 digits) if it is all
  /// there, and returns where the next state starts; nil leaves it to the byte-wise path.
  @inline(__always)
  private mutating func plainSizeLine(_ bytes: Span<UInt8>, from start: Int) -> Int? {
    var index = start
    var size = 0
    let limit = min(bytes.count, start &+ 15)
    while index < limit, let digit = HTTP1ASCII.hexValue(bytes[index]) {
      size = size &<< 4 | digit
      index &+= 1
    }
    guard index > start, index &+ 1 < bytes.count, bytes[index] == HTTP1ASCII.carriageReturn,
      bytes[index &+ 1] == HTTP1ASCII.lineFeed
    else { return nil }
    if size == 0 {
      state = .trailerStart
    } else {
      remaining = size
      state = .data
    }
    return index &+ 2
  }

  /// Advances over one byte outside chunk data.
  private mutating func step(_ byte: UInt8) -> HTTP1ParseError.Reason? {
    switch state {
    case .size, .sizeWhitespace, .chunkExtension:
      lineLength &+= 1
      if lineLength > limits.maxHeadLength { return .chunkLineTooLong }
      return stepSizeLine(byte)
    case .sizeLineFeed:
      guard byte == HTTP1ASCII.lineFeed else { return .bareCarriageReturn }
      if chunkSize == 0 {
        state = .trailerStart
      } else {
        remaining = chunkSize
        state = .data
      }
      chunkSize = 0
      hasDigits = false
      lineLength = 0
    case .dataCarriageReturn:
      guard byte == HTTP1ASCII.carriageReturn else { return .missingChunkTerminator }
      state = .dataLineFeed
    case .dataLineFeed:
      guard byte == HTTP1ASCII.lineFeed else { return .missingChunkTerminator }
      state = .size
    case .trailerStart, .trailerName, .trailerValue, .trailerLineFeed, .finalLineFeed:
      trailerLength &+= 1
      if trailerLength > limits.maxHeadLength { return .trailersTooLarge }
      return stepTrailer(byte)
    case .data, .done, .failed:
      break
    }
    return nil
  }

  /// `chunk-size [ BWS ";" chunk-ext ] CRLF`
  private mutating func stepSizeLine(_ byte: UInt8) -> HTTP1ParseError.Reason? {
    if state == .size, let digit = HTTP1ASCII.hexValue(byte) {
      guard chunkSize <= Int.max >> 4 else { return .chunkSizeOverflow }
      chunkSize = chunkSize << 4 | digit
      hasDigits = true
      return nil
    }
    if state == .size, !hasDigits { return .invalidChunkSize }
    switch byte {
    case HTTP1ASCII.carriageReturn:
      state = .sizeLineFeed
    case HTTP1ASCII.lineFeed:
      return .bareLineFeed
    case HTTP1ASCII.semicolon where state != .chunkExtension:
      state = .chunkExtension
    default:
      if state == .chunkExtension {
        // chunk-ext is tokens and quoted strings: no control bytes but HTAB.
        if (byte < HTTP1ASCII.space && byte != HTTP1ASCII.tab) || byte == 0x7F { return .invalidChunkExtension }
        return nil
      }
      guard HTTP1ASCII.isWhitespace(byte) else { return .invalidChunkSize }
      state = .sizeWhitespace
    }
    return nil
  }

  /// `trailer-section = *( field-line CRLF )` then CRLF, with the same rules as header lines.
  private mutating func stepTrailer(_ byte: UInt8) -> HTTP1ParseError.Reason? {
    switch state {
    case .trailerStart:
      switch byte {
      case HTTP1ASCII.carriageReturn: state = .finalLineFeed
      case HTTP1ASCII.lineFeed: return .bareLineFeed
      case HTTP1ASCII.space, HTTP1ASCII.tab: return .obsoleteLineFolding
      default:
        guard HTTP1ASCII.isToken(byte) else { return .invalidTrailer }
        trailerFields &+= 1
        if trailerFields &+ 1 > limits.maxHeaders { return .tooManyHeaders }
        state = .trailerName
      }
    case .trailerName:
      if HTTP1ASCII.isToken(byte) { return nil }
      switch byte {
      case HTTP1ASCII.colon: state = .trailerValue
      case HTTP1ASCII.space, HTTP1ASCII.tab: return .spaceBeforeColon
      case HTTP1ASCII.carriageReturn, HTTP1ASCII.lineFeed: return .missingColon
      default: return .invalidTrailer
      }
    case .trailerValue:
      switch byte {
      case HTTP1ASCII.carriageReturn: state = .trailerLineFeed
      case HTTP1ASCII.lineFeed: return .bareLineFeed
      case 0: return .invalidHeaderValue
      default: break
      }
    case .trailerLineFeed:
      guard byte == HTTP1ASCII.lineFeed else { return .bareCarriageReturn }
      state = .trailerStart
    case .finalLineFeed:
      guard byte == HTTP1ASCII.lineFeed else { return .bareCarriageReturn }
      state = .done
    default:
      break
    }
    return nil
  }

  private mutating func fail(_ reason: HTTP1ParseError.Reason, at offset: Int) -> HTTP1BodyProgress {
    let error = HTTP1ParseError(reason, side: side, offset: offset)
    failure = error
    state = .failed
    return .invalid(error)
  }
}
