import NIOCore

/// Forwards a parsed head with the proxy's edits: the original bytes are passed on as slices of
/// the buffer they arrived in (no copy), leaving out the lines of removed fields, and the added
/// field lines go just before the final empty line. Pure; any thread.
enum HTTP1HeadRewriter {
  /// Which fields to leave out.
  struct Removal: OptionSet, Sendable {
    let rawValue: UInt8
    /// `Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, the fields `Connection` names, and
    /// `Upgrade` unless `keepUpgrade`.
    static let hopByHop = Removal(rawValue: 1 << 0)
    /// `Content-Length`, `Transfer-Encoding` and repeated `Host` fields, to be replaced by one
    /// canonical line (the head was flagged `needsFramingRewrite`).
    static let framing = Removal(rawValue: 1 << 1)
    /// `Expect`: Fulcrum answered the `100-continue` itself (http-buffer-request).
    static let expect = Removal(rawValue: 1 << 2)
  }

  /// Emits `head` (exactly the head's bytes, its offsets counted from the reader index) without
  /// the removed fields, then `added` (field lines, each with its CRLF) and `ending` (the last
  /// field lines and the empty line). Every piece is passed on as it is, so shared buffers
  /// (a connection's forwarding lines, the prebuilt endings) are never copied.
  static func rewrite(
    _ head: ByteBuffer, headers: HTTP1HeaderBlock, removing: Removal, keepUpgrade: Bool, added: ByteBuffer?,
    ending: ByteBuffer, emit: (ByteBuffer) -> Void
  ) {
    let base = head.readerIndex
    let length = head.readableBytes
    do {
      let bytes = head.readableBytesUInt8Span
      let named = removing.contains(.hopByHop) ? connectionNamedFields(headers, bytes) : []
      var copyStart = 0
      var hostSeen = false
      for (index, field) in headers.fields.enumerated() {
        var remove = false
        switch field.kind {
        case .upgrade: remove = removing.contains(.hopByHop) && !keepUpgrade
        case _ where field.kind.isHopByHop: remove = removing.contains(.hopByHop)
        case .contentLength, .transferEncoding: remove = removing.contains(.framing)
        case .expect: remove = removing.contains(.expect)
        case .host:
          remove = removing.contains(.framing) && hostSeen
          hostSeen = true
        case .other: remove = named.contains(index)
        default: break
        }
        guard remove else { continue }
        let line = field.lineRange(in: bytes)
        if line.lowerBound > copyStart,
          let slice = head.getSlice(at: base + copyStart, length: line.lowerBound - copyStart)
        {
          emit(slice)
        }
        copyStart = line.upperBound
      }
      // The head ends with its empty line (CRLF); the added lines go before it.
      let end = length - 2
      if end > copyStart, let slice = head.getSlice(at: base + copyStart, length: end - copyStart) { emit(slice) }
    }
    if let added, added.readableBytes > 0 { emit(added) }
    emit(ending)
  }

  /// The indexes of the fields the `Connection` header names (other than its own options).
  private static func connectionNamedFields(_ headers: HTTP1HeaderBlock, _ bytes: Span<UInt8>) -> [Int] {
    guard headers.connection.contains(.other) else { return [] }
    var tokens: [Range<Int>] = []
    for field in headers.fields where field.kind == .connection {
      var cursor = HTTP1ListCursor(field.valueRange)
      while let token = cursor.next(in: bytes) {
        if !token.isEmpty { tokens.append(token) }
      }
    }
    var named: [Int] = []
    for (index, field) in headers.fields.enumerated() where field.kind == .other {
      if tokens.contains(where: { HTTP1ASCII.equalIgnoringCase(bytes, field.nameRange, $0) }) { named.append(index) }
    }
    return named
  }
}
