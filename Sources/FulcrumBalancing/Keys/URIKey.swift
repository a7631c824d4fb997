/// Which part of the request target `balance uri` hashes: the path up to the `?` (or the whole
/// target with `whole`), at most `len` bytes and `depth` directories, from the first `/` of the
/// path with `path-only`. Immutable value; any thread.
public struct URIKey: Sendable, Equatable {
  /// `whole`: keep the query string.
  public var whole: Bool
  /// `len N`: hash at most N bytes (N > 0).
  public var length: Int?
  /// `depth N`: stop before the (N+1)th slash (N > 0).
  public var depth: Int?
  /// `path-only`: skip the scheme and authority of an absolute target, so HTTP/1 and HTTP/2
  /// requests hash alike.
  public var pathOnly: Bool

  public init(whole: Bool = false, length: Int? = nil, depth: Int? = nil, pathOnly: Bool = false) {
    self.whole = whole
    self.length = length
    self.depth = depth
    self.pathOnly = pathOnly
  }

  /// The bytes of `target` to hash.
  public func keyRange(in target: Span<UInt8>) -> Range<Int> {
    let scope = pathOnly ? (Self.pathRange(in: target) ?? 0..<0) : 0..<target.count
    var remaining = scope.count
    if let length, length > 0 { remaining = min(remaining, length) }
    let stopSlash = depth.map { $0 + 1 } ?? 0
    var slashes = 0
    var end = scope.lowerBound
    while remaining > 0 {
      let byte = target[end]
      if byte == UInt8(ascii: "/") {
        slashes += 1
        if slashes == stopSlash { break }
      } else if byte == UInt8(ascii: "?") && !whole {
        break
      }
      end += 1
      remaining -= 1
    }
    return scope.lowerBound..<end
  }

  /// Where the path (with its query) starts in `target`: at once for origin form, after
  /// `scheme://authority` for absolute form; nil for `*`, authority form, or an absolute
  /// target without a path.
  static func pathRange(in target: Span<UInt8>) -> Range<Int>? {
    guard target.count > 0 else { return nil }
    let first = target[0]
    if first == UInt8(ascii: "/") { return 0..<target.count }
    guard isLetter(first) else { return nil }
    var index = 1
    while index < target.count, isSchemeByte(target[index]) { index += 1 }
    guard index + 2 < target.count, target[index] == UInt8(ascii: ":"), target[index + 1] == UInt8(ascii: "/"),
      target[index + 2] == UInt8(ascii: "/")
    else { return nil }
    index += 3
    while index < target.count, target[index] != UInt8(ascii: "/") { index += 1 }
    return index < target.count ? index..<target.count : nil
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  private static func isSchemeByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
  }
}
