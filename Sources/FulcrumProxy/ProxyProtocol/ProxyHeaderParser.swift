import NIOCore

/// What one call of `ProxyHeaderParser.parse` found.
public enum ProxyHeaderParseResult: Hashable, Sendable {
  /// The bytes so far are a valid beginning; call again with more.
  case needMoreBytes
  /// A whole header, `length` bytes long: the bytes after it are the connection's payload.
  case complete(ProxyHeader, length: Int)
  /// Not a valid header: the connection must be aborted.
  case invalid(ProxyHeaderError)
}

/// Reads the PROXY protocol header a connection accepted by an `accept-proxy` listener must
/// start with, version 1 or 2 as the first byte tells (HAProxy's `doc/proxy-protocol.txt`).
/// Incremental: give it every byte received so far, from the first, after each
/// `.needMoreBytes`; it resumes where it stopped checking and refuses a wrong byte as soon as
/// it arrives. Version 1 follows the specification's grammar exactly (no leading zeros, one
/// space between fields, CRLF within 107 bytes); version 2 checks the signature, version,
/// command, family, the length against `maximumLength`, and the TLVs (their bounds, the
/// authority and unique ID sizes, the CRC32C when present). Holds two integers; owned by one
/// connection's handler on its event loop.
public struct ProxyHeaderParser: Sendable {
  /// HAProxy reads the header from one buffer of `tune.bufsize` (16 kB by default), so a
  /// longer version 2 header can never complete there.
  public static let defaultMaximumLength = 16_384

  /// The longest version 2 header accepted, fixed part and TLVs included.
  public let maximumLength: Int
  /// How many bytes earlier calls checked, so the next call does not check them again.
  private var checked = 0

  /// `maximumLength` is raised to 232 if smaller: a header carrying two UNIX addresses takes
  /// that much and the specification requires receivers to skip it.
  public init(maximumLength: Int = defaultMaximumLength) {
    self.maximumLength = max(maximumLength, ProxyHeader.version2FixedLength + 216)
  }

  /// Parses the readable bytes of `buffer`, which start at the connection's first byte.
  public mutating func parse(_ buffer: ByteBuffer) -> ProxyHeaderParseResult {
    parse(buffer.readableBytesUInt8Span)
  }

  /// Parses `bytes`, the connection's bytes from the first one.
  public mutating func parse(_ bytes: Span<UInt8>) -> ProxyHeaderParseResult {
    guard !bytes.isEmpty else { return .needMoreBytes }
    switch bytes[0] {
    case ProxyHeader.version1Prefix[0]: return parseVersion1(bytes)
    case ProxyHeader.version2Signature[0]: return parseVersion2(bytes)
    default: return .invalid(ProxyHeaderError(.notAProxyHeader, offset: 0))
    }
  }

  private mutating func parseVersion2(_ bytes: Span<UInt8>) -> ProxyHeaderParseResult {
    let signature = ProxyHeader.version2Signature
    var index = checked
    while index < min(bytes.count, signature.count) {
      guard bytes[index] == signature[index] else { return .invalid(ProxyHeaderError(.notAProxyHeader, offset: index)) }
      index += 1
    }
    checked = index
    return Self.version2(bytes, maximumLength: maximumLength)
  }

  private mutating func parseVersion1(_ bytes: Span<UInt8>) -> ProxyHeaderParseResult {
    // The CR must come early enough for its LF to fit within the 107 bytes.
    let lastCR = ProxyHeader.maximumVersion1Length - 2
    let limit = min(bytes.count, lastCR + 1)
    var index = checked
    while index < limit {
      if let failure = Self.version1Byte(bytes, at: index) { return .invalid(failure) }
      if bytes[index] == ASCII.carriageReturn {
        guard index + 1 < bytes.count else {
          checked = index
          return .needMoreBytes
        }
        guard bytes[index + 1] == ASCII.lineFeed else {
          return .invalid(ProxyHeaderError(.bareCarriageReturn, offset: index))
        }
        return Self.version1Line(bytes, lineEnd: index)
      }
      index += 1
    }
    checked = index
    if bytes.count > lastCR { return .invalid(ProxyHeaderError(.lineTooLong, offset: lastCR + 1)) }
    return .needMoreBytes
  }

  /// Checks one byte of a version 1 line as soon as it arrives: the `PROXY ` prefix, the
  /// characters allowed, and that the protocol word can still become `TCP4`, `TCP6` or
  /// `UNKNOWN`.
  private static func version1Byte(_ bytes: Span<UInt8>, at index: Int) -> ProxyHeaderError? {
    let byte = bytes[index]
    let prefix = ProxyHeader.version1Prefix
    if index < prefix.count {
      return byte == prefix[index] ? nil : ProxyHeaderError(.notAProxyHeader, offset: index)
    }
    if byte == ASCII.lineFeed { return ProxyHeaderError(.bareLineFeed, offset: index) }
    if byte == ASCII.carriageReturn { return nil }
    if byte < 0x20 || byte > 0x7E { return ProxyHeaderError(.invalidCharacter, offset: index) }
    let plausible = protocolWordCanComplete(bytes, through: index)
    return plausible ? nil : ProxyHeaderError(.unknownProtocol, offset: prefix.count)
  }
}

/// Byte values the PROXY protocol parsers compare against.
enum ASCII {
  static let carriageReturn = UInt8(ascii: "\r")
  static let lineFeed = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")
  static let dot = UInt8(ascii: ".")
  static let colon = UInt8(ascii: ":")
  static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")
}
