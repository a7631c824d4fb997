import NIOCore

/// `h1-case-adjust` with `option h1-case-adjust-bogus-client` / `-server`: header names a
/// bogus peer expects in a given case (`content-length` → `Content-Length`) are rewritten to
/// that spelling in the heads sent to it. Fulcrum forwards names as they came, so only a name
/// written another way changes; the head is copied only then, with the same length, so the
/// parsed offsets still hold. Immutable value; any thread.
public struct HTTP1NameCase: Sendable, Equatable {
  private let names: [(lower: [UInt8], spelling: [UInt8])]

  /// `spellings`: lower-case name → spelling (equal but for case).
  public init(_ spellings: [String: String]) {
    names = spellings.sorted { $0.key < $1.key }.map { (Array($0.key.lowercased().utf8), Array($0.value.utf8)) }
  }

  public var isEmpty: Bool { names.isEmpty }

  public static func == (left: HTTP1NameCase, right: HTTP1NameCase) -> Bool {
    left.names.map(\.lower) == right.names.map(\.lower) && left.names.map(\.spelling) == right.names.map(\.spelling)
  }

  /// `head` with the names of `fields` (offsets in its readable bytes) respelled, or nil when
  /// every name is already spelled as asked.
  public func adjusted(_ head: ByteBuffer, fields: [HTTP1HeaderField]) -> ByteBuffer? {
    var copy: ByteBuffer?
    for field in fields {
      let range = field.nameRange
      guard let spelling = spelling(of: range, in: head) else { continue }
      if copy == nil { copy = head }
      copy!.setBytes(spelling, at: head.readerIndex &+ range.lowerBound)
    }
    return copy
  }

  /// The spelling for the name at `range` of `head`, when it is listed and written otherwise.
  private func spelling(of range: Range<Int>, in head: ByteBuffer) -> [UInt8]? {
    let bytes = head.readableBytesUInt8Span
    for name in names where name.lower.count == range.count {
      var same = true
      var listed = true
      for offset in 0..<range.count {
        let byte = bytes[range.lowerBound &+ offset]
        let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
        if lower != name.lower[offset] {
          listed = false
          break
        }
        if byte != name.spelling[offset] { same = false }
      }
      if listed { return same ? nil : name.spelling }
    }
    return nil
  }
}
