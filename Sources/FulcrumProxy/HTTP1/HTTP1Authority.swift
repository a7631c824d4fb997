/// Compares the authority of an absolute-form target with the `Host` field, as HAProxy does:
/// without regard to case, userinfo dropped, and a scheme's default port (`:80` for http,
/// `:443` for https) or an empty port the same as none. Pure functions; any thread.
enum HTTP1Authority {
  /// Whether `host` names the same authority as the target's `authority`, written under
  /// `scheme`.
  static func matches(
    _ bytes: Span<UInt8>, authority: Range<Int>, scheme: Range<Int>, host: Range<Int>
  ) -> Bool {
    let defaultPort = self.defaultPort(bytes, scheme)
    var target = authority
    var index = target.upperBound
    while index > target.lowerBound {
      index &-= 1
      if bytes[index] == HTTP1ASCII.at {
        target = (index &+ 1)..<target.upperBound
        break
      }
    }
    let left = withoutDefaultPort(bytes, target, defaultPort)
    let right = withoutDefaultPort(bytes, host, defaultPort)
    return HTTP1ASCII.equalIgnoringCase(bytes, left, right)
  }

  private static func defaultPort(_ bytes: Span<UInt8>, _ scheme: Range<Int>) -> Int? {
    switch scheme.count {
    case 4 where HTTP1ASCII.matchesIgnoringCase(bytes, scheme.lowerBound, "http"): 80
    case 5 where HTTP1ASCII.matchesIgnoringCase(bytes, scheme.lowerBound, "https"): 443
    default: nil
    }
  }

  /// `host:port` without `:port` when the port is empty or the default one.
  private static func withoutDefaultPort(_ bytes: Span<UInt8>, _ range: Range<Int>, _ port: Int?) -> Range<Int> {
    var index = range.upperBound
    var value = 0
    var scale = 1
    while index > range.lowerBound {
      let byte = bytes[index &- 1]
      if byte == HTTP1ASCII.colon {
        let digits = range.upperBound &- index
        if digits == 0 || (digits <= 5 && value == port) { return range.lowerBound..<(index &- 1) }
        return range
      }
      guard HTTP1ASCII.isDigit(byte), scale <= 10_000 else { return range }
      value &+= Int(byte &- HTTP1ASCII.zero) &* scale
      scale &*= 10
      index &-= 1
    }
    return range
  }
}
