/// Turns the contents of an error file (`errorfile CODE FILE`, a file of an `http-errors`
/// section, `http-request return errorfile FILE`) into a prepared response, checking it at load
/// as HAProxy 2.6 does so a broken page is reported by `-c`, never sent. Pure; runs at load.
///
/// The file's bytes are sent as written except that bare-LF line ends in the head become CRLF
/// (HAProxy accepts and rewrites them) and its `Connection` fields are dropped: Fulcrum writes the
/// `Connection` field itself, last, per connection (``HTTPPreparedResponse``).
public enum HTTPErrorFile {
  /// Reads `contents` as a complete HTTP/1 response.
  /// - Parameters:
  ///   - path: the file, named in errors.
  ///   - status: the status the file replaces; an empty file answers it by closing silently.
  ///   - limits: the head must fit in `tune.bufsize − tune.maxrewrite`, as for any response.
  public static func response(
    contents: [UInt8], path: String, replacing status: Int, limits: HTTP1Limits = .default
  ) throws(HTTPResponseDefinitionError) -> HTTPPreparedResponse {
    if contents.isEmpty { return HTTPPreparedResponse(silentStatus: status) }
    let fail = { (why: String) in HTTPResponseDefinitionError("errorfile '\(path)': \(why)") }
    guard let (head, bodyStart) = normalizedHead(contents) else {
      throw fail("the response head does not end with an empty line; the file must hold a whole HTTP response")
    }
    let body = Array(contents[bodyStart...])
    var parser = HTTP1ResponseHeadParser(limits: limits)
    var parsed = HTTP1ResponseHead()
    switch parser.parse(head.span, requestMethod: .get, into: &parsed) {
    case .complete: break
    case .needMoreBytes: throw fail("the response head does not end with an empty line")
    case .invalid(let error):
      throw fail("not a valid HTTP response: \(error.reason.description) at byte \(error.offset)")
    }
    if parsed.status < 200 {
      throw fail("status \(parsed.status) is an interim response; an error page needs a final status (200 to 599)")
    }
    if parsed.headers.needsFramingRewrite {
      throw fail("write a single 'Content-Length' field (the file repeats it or lists it)")
    }
    var closes = parsed.headers.connection.contains(.close)
    switch parsed.framing {
    case .empty where !body.isEmpty:
      throw fail("a \(parsed.status) response has no body, but \(body.count) bytes follow the head")
    case .contentLength(let length) where length != body.count:
      throw fail("'Content-Length: \(length)' announces \(length) bytes but \(body.count) follow the head")
    case .chunked:
      throw fail("a chunked body is not supported in an error page; write 'Content-Length' instead")
    case .untilClose:
      closes = true
    default: break
    }
    return HTTPPreparedResponse(
      status: parsed.status, head: withoutConnectionFields(head, parsed.headers), body: body,
      isHTTP10: parsed.version == .http10, closesConnection: closes)
  }

  /// The head with every line ending in CRLF, and where the body starts in `contents`; nil when
  /// no empty line ends the head.
  static func normalizedHead(_ contents: [UInt8]) -> (head: [UInt8], bodyStart: Int)? {
    var head: [UInt8] = []
    head.reserveCapacity(min(contents.count, 4096) + 16)
    var lineStart = 0
    for index in contents.indices {
      let byte = contents[index]
      guard byte == HTTP1ASCII.lineFeed else {
        head.append(byte)
        continue
      }
      if head.last != HTTP1ASCII.carriageReturn { head.append(HTTP1ASCII.carriageReturn) }
      head.append(byte)
      if head.count - lineStart == 2 { return (head, index + 1) }
      lineStart = head.count
    }
    return nil
  }

  /// The status line and fields without the `Connection` fields and without the final CRLF.
  static func withoutConnectionFields(_ head: [UInt8], _ headers: HTTP1HeaderBlock) -> [UInt8] {
    let span = head.span
    guard let first = headers.fields.first else { return Array(head.dropLast(2)) }
    var kept = Array(head[0..<first.nameRange.lowerBound])
    for field in headers.fields where field.kind != .connection {
      kept += head[field.lineRange(in: span)]
    }
    return kept
  }
}
