/// Where `balance url_param NAME` finds its key: the value of the first `NAME=` parameter of
/// the query string, up to the next `&`, the name compared byte for byte. Immutable value; any
/// thread.
public struct URLParameterKey: Sendable, Equatable {
  /// The parameter name, as written after `url_param`.
  public let name: [UInt8]

  public init(name: String) { self.name = Array(name.utf8) }

  /// The value's bytes in `target` (the request target), or nil when the query string has no
  /// such parameter. An empty value (`?name=`) is a value.
  public func valueRange(inTarget target: Span<UInt8>) -> Range<Int>? {
    var question = 0
    while question < target.count && target[question] != UInt8(ascii: "?") { question += 1 }
    guard question < target.count else { return nil }
    return valueRange(in: target, from: question + 1, tokensOnly: false)
  }

  /// The value's bytes in a POST body of `application/x-www-form-urlencoded` parameters, for
  /// `check_post`: as in a query string, except that a byte outside HTTP tokens ends the value at
  /// white space and disqualifies the body otherwise (it is not URL-encoded). The HTTP layer
  /// calls this with the first body bytes it buffered when the query string had no such
  /// parameter, then hashes the value with `HashBalancer.pick(hashing:avoiding:load:)`.
  public func valueRange(inBody body: Span<UInt8>) -> Range<Int>? {
    valueRange(in: body, from: 0, tokensOnly: true)
  }

  private func valueRange(in bytes: Span<UInt8>, from start: Int, tokensOnly: Bool) -> Range<Int>? {
    var parameter = start
    var remaining = bytes.count - start
    let nameLength = name.count
    while remaining > nameLength {
      if bytes[parameter + nameLength] == UInt8(ascii: "=") && matchesName(bytes, at: parameter) {
        let valueStart = parameter + nameLength + 1
        var end = valueStart
        var left = remaining - nameLength - 1
        while left > 0 && bytes[end] != UInt8(ascii: "&") {
          if tokensOnly && !Self.isToken(bytes[end]) {
            if Self.isWhiteSpace(bytes[end]) { break }
            return nil
          }
          end += 1
          left -= 1
        }
        return valueStart..<end
      }
      var ampersand = parameter
      while ampersand < parameter + remaining && bytes[ampersand] != UInt8(ascii: "&") { ampersand += 1 }
      guard ampersand < parameter + remaining else { return nil }
      remaining -= ampersand + 1 - parameter
      parameter = ampersand + 1
    }
    return nil
  }

  private func matchesName(_ bytes: Span<UInt8>, at offset: Int) -> Bool {
    for index in name.indices where bytes[offset + index] != name[index] { return false }
    return true
  }

  /// RFC 9110 `tchar`.
  static func isToken(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"):
      true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
      UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default:
      false
    }
  }

  /// Space, tab, CR or LF.
  static func isWhiteSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
  }
}
