import NIOCore

/// What a forwarded head must say in its `Connection` field for the next hop to keep or close
/// the connection as the proxy decided, and whether the head as received already says exactly
/// that. Hop-by-hop fields (`Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, `Upgrade`
/// outside an upgrade, and the fields `Connection` names) are the previous hop's business: a
/// head carrying any of them is rewritten. Pure; any thread.
public enum HTTPConnectionHeader: UInt8, Sendable, CaseIterable {
  /// No `Connection` field: HTTP/1.1 keeping the connection, or HTTP/1.0 closing it.
  case none
  case close
  case keepAlive
  case upgrade

  /// The field line to write, with its CRLF, or empty for `.none`.
  public var line: StaticString {
    switch self {
    case .none: ""
    case .close: "Connection: close\r\n"
    case .keepAlive: "Connection: keep-alive\r\n"
    case .upgrade: "Connection: upgrade\r\n"
    }
  }

  /// The end of a rewritten head: this field's line, if any, and the empty line. Built once.
  public var ending: ByteBuffer { Self.endings[Int(rawValue)] }

  private static let endings: [ByteBuffer] = allCases.map { header in
    var buffer = ByteBuffer()
    buffer.writeStaticString(header.line)
    buffer.writeStaticString("\r\n")
    return buffer
  }

  /// The field a head of `version` needs so that the next hop keeps the connection (`keep`) or
  /// closes it, or switches protocols (`upgrade`).
  public static func needed(version: HTTP1Version, keep: Bool, upgrade: Bool) -> HTTPConnectionHeader {
    if upgrade { return .upgrade }
    if version == .http10 { return keep ? .keepAlive : .none }
    return keep ? .none : .close
  }

  /// Whether `headers` already say what `needed` says, with no hop-by-hop field to remove.
  public static func alreadySays(
    _ needed: HTTPConnectionHeader, headers: HTTP1HeaderBlock, version: HTTP1Version
  )
    -> Bool
  {
    let options = headers.connection
    if options.contains(.other) { return false }
    // Any hop-by-hop field other than `Connection` itself (and `Upgrade` when upgrading) must go.
    for field in headers.fields where field.kind.isHopByHop && field.kind != .connection {
      if field.kind != .upgrade || needed != .upgrade { return false }
    }
    switch needed {
    case .upgrade:
      return options.contains(.upgrade) && !options.contains(.close)
    case .close:
      return options.contains(.close) && !options.contains(.upgrade)
    case .keepAlive:
      return options.contains(.keepAlive) && !options.contains(.close) && !options.contains(.upgrade)
    case .none:
      // HTTP/1.1 keeping (a redundant `keep-alive` token is harmless) or HTTP/1.0 closing.
      if options.contains(.upgrade) { return false }
      return version == .http10 ? !options.contains(.keepAlive) : !options.contains(.close)
    }
  }
}
