/// Why bytes at the start of a connection are not a valid PROXY protocol header, and where.
/// The connection is aborted on any of them (the specification allows no guessing). Immutable
/// value; any thread.
public struct ProxyHeaderError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What was wrong.
  public var reason: Reason
  /// The offset of the offending byte from the first byte of the connection.
  public var offset: Int

  public init(_ reason: Reason, offset: Int) {
    self.reason = reason
    self.offset = offset
  }

  public var description: String { "\(reason.description) at byte \(offset)" }

  /// The kinds of invalid header; each says what the sender did wrong.
  public enum Reason: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case notAProxyHeader
    case lineTooLong
    case invalidCharacter
    case bareLineFeed
    case bareCarriageReturn
    case unknownProtocol
    case malformedLine
    case invalidAddress
    case invalidPort
    case unsupportedVersion
    case unsupportedCommand
    case unsupportedFamily
    case headerTooLong
    case addressesTruncated
    case malformedTLV
    case oversizedTLV
    case checksumMismatch

    public var description: String {
      switch self {
      case .notAProxyHeader: "neither 'PROXY ' nor the version 2 signature"
      case .lineTooLong: "no CRLF within the 107 bytes a version 1 line may take"
      case .invalidCharacter: "a byte that is not printable US-ASCII in a version 1 line"
      case .bareLineFeed: "a line feed without a carriage return before it"
      case .bareCarriageReturn: "a carriage return not followed by a line feed"
      case .unknownProtocol: "a protocol other than TCP4, TCP6 or UNKNOWN"
      case .malformedLine: "fields not separated by exactly one space, or missing"
      case .invalidAddress: "an address not in the canonical form of its family"
      case .invalidPort: "a port that is not a decimal number from 0 to 65535 without leading zeros"
      case .unsupportedVersion: "a version 2 signature with a version other than 2"
      case .unsupportedCommand: "a command other than LOCAL or PROXY"
      case .unsupportedFamily: "an address family or transport byte the specification does not define"
      case .headerTooLong: "a version 2 header longer than this listener accepts"
      case .addressesTruncated: "a length too short for the addresses of the family"
      case .malformedTLV: "a TLV that does not fit in the header"
      case .oversizedTLV: "an authority or unique ID TLV longer than allowed"
      case .checksumMismatch: "a CRC32C TLV that does not match the header"
      }
    }
  }
}
