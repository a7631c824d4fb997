/// Which part of a header value `balance hdr(NAME)` hashes: its first comma-separated value
/// (commas inside double quotes do not count), trimmed of white space; with `use_domain_only`,
/// only the label before the last dot of a host name (`1wt` in `haproxy.1wt.eu`). Immutable
/// value; any thread.
public struct HeaderKey: Sendable, Equatable {
  /// `use_domain_only`.
  public var useDomainOnly: Bool

  public init(useDomainOnly: Bool = false) { self.useDomainOnly = useDomainOnly }

  /// The bytes of `value` (one header field's value) to hash, or nil when the first value is
  /// empty, in which case HAProxy falls back to round robin.
  public func keyRange(in value: Span<UInt8>) -> Range<Int>? {
    let first = Self.firstValue(in: value)
    guard !first.isEmpty else { return nil }
    return useDomainOnly ? Self.domainRange(in: value, within: first) : first
  }

  /// The first element of a comma-separated field value, without surrounding white space.
  static func firstValue(in value: Span<UInt8>) -> Range<Int> {
    var start = 0
    while start < value.count && isWhiteSpace(value[start]) { start += 1 }
    var end = start
    var quoted = false
    var escaped = false
    while end < value.count {
      let byte = value[end]
      if escaped {
        escaped = false
      } else if quoted {
        if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          quoted = false
        }
      } else if byte == UInt8(ascii: "\"") {
        quoted = true
      } else if byte == UInt8(ascii: ",") {
        break
      }
      end += 1
    }
    while end > start && isWhiteSpace(value[end - 1]) { end -= 1 }
    return start..<end
  }

  /// The label before the last dot, found walking back from the end as HAProxy does: without a
  /// dot, the whole value; with one, what precedes it up to the previous dot or the start.
  static func domainRange(in value: Span<UInt8>, within scope: Range<Int>) -> Range<Int> {
    var position = scope.upperBound
    var end = scope.upperBound
    var inDomain = false
    while position > scope.lowerBound {
      if inDomain {
        if value[position - 1] == UInt8(ascii: ".") { break }
      } else if position < scope.upperBound && value[position] == UInt8(ascii: ".") {
        end = position
        inDomain = true
      }
      position -= 1
    }
    return position..<end
  }

  private static func isWhiteSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
  }
}
