/// The response to an HTTP health check, read from the bytes received so far: the status line
/// and headers, and the body once it is complete (by `Content-Length`, chunked framing, or the
/// server closing). Strict about the head, as HAProxy's checks are: anything that is not an
/// HTTP/1.x status line and well-formed header lines is an invalid response. Pure value; any
/// thread. The bytes are bounded by `tune.bufsize` before they get here.
public struct HTTPCheckResponse: Sendable, Equatable {
  public var status: Int
  public var reason: String
  /// The final response's header fields, in order, values trimmed.
  public var fields: [Field] = []
  /// The body: complete when `bodyIsComplete`, else what arrived so far.
  public var body: [UInt8]
  public var bodyIsComplete: Bool

  /// One header field of the response.
  public struct Field: Sendable, Equatable {
    public var name: String
    public var value: String
  }

  /// What the bytes hold so far.
  public enum Parse: Sendable, Equatable {
    case incomplete
    case invalid
    case response(HTTPCheckResponse)
  }

  /// Parses `bytes`. `complete` says no more bytes will come (closed, or the buffer is full);
  /// `headRequest` says the request was `HEAD` (no body follows).
  public static func parse(_ bytes: [UInt8], complete: Bool, headRequest: Bool = false) -> Parse {
    var start = 0
    while true {
      guard let headEnd = findHeadEnd(bytes, from: start) else {
        return complete ? .invalid : .incomplete
      }
      guard let head = parseHead(bytes[start..<headEnd.lineStart]) else { return .invalid }
      if (100...199).contains(head.status) {
        // An interim response: the final one follows.
        start = headEnd.bodyStart
        continue
      }
      let noBody = headRequest || head.status == 204 || head.status == 304
      let rest = Array(bytes[headEnd.bodyStart...])
      var response = HTTPCheckResponse(
        status: head.status, reason: head.reason, fields: head.fields, body: [], bodyIsComplete: true)
      if noBody { return .response(response) }
      if head.chunked {
        switch decodeChunked(rest) {
        case .invalid: return .invalid
        case .partial(let body):
          response.body = body
          response.bodyIsComplete = complete
        case .complete(let body):
          response.body = body
        }
      } else if let length = head.contentLength {
        response.body = Array(rest.prefix(length))
        response.bodyIsComplete = rest.count >= length || complete
      } else {
        response.body = rest
        response.bodyIsComplete = complete
      }
      return .response(response)
    }
  }

  struct Head {
    var status: Int
    var reason: String
    var contentLength: Int?
    var chunked = false
    var fields: [Field] = []
  }

  /// Where the blank line ending the head is: the start of its CRLF (or LF) and the first body
  /// byte.
  static func findHeadEnd(_ bytes: [UInt8], from start: Int) -> (lineStart: Int, bodyStart: Int)? {
    var index = start
    while index < bytes.count {
      if bytes[index] == 0x0A {
        // An empty line: LF right after the previous LF (or CRLF).
        if index + 1 < bytes.count && bytes[index + 1] == 0x0A { return (index + 1, index + 2) }
        if index + 2 < bytes.count && bytes[index + 1] == 0x0D && bytes[index + 2] == 0x0A {
          return (index + 1, index + 3)
        }
      }
      index += 1
    }
    return nil
  }

  static func parseHead(_ bytes: ArraySlice<UInt8>) -> Head? {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      line.last == 0x0D ? line.dropLast() : line
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard let statusLine = lines.first, var head = parseStatusLine(statusLine) else { return nil }
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
      let name = line[line.startIndex..<colon]
      guard name.allSatisfy(isTokenByte) else { return nil }
      let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingHTTPSpaces()
      let fieldName = String(decoding: name, as: UTF8.self)
      head.fields.append(Field(name: fieldName, value: value))
      switch fieldName.lowercased() {
      case "content-length":
        guard let length = Int(value), length >= 0 else { return nil }
        if let previous = head.contentLength, previous != length { return nil }
        head.contentLength = length
      case "transfer-encoding":
        if value.lowercased().split(separator: ",").last.map({ String($0).trimmingHTTPSpaces() }) == "chunked" {
          head.chunked = true
        }
      default:
        break
      }
    }
    return head
  }

  static func parseStatusLine(_ line: ArraySlice<UInt8>) -> Head? {
    let bytes = Array(line)
    // HTTP/x.y SSS[ reason]
    guard bytes.count >= 12, bytes.starts(with: Array("HTTP/".utf8)), isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."),
      isDigit(bytes[7]), bytes[8] == UInt8(ascii: " "), isDigit(bytes[9]), isDigit(bytes[10]), isDigit(bytes[11])
    else { return nil }
    let status = Int(bytes[9] - 48) * 100 + Int(bytes[10] - 48) * 10 + Int(bytes[11] - 48)
    guard bytes.count == 12 || bytes[12] == UInt8(ascii: " ") else { return nil }
    let reason = bytes.count > 13 ? String(decoding: bytes[13...], as: UTF8.self) : ""
    return Head(status: status, reason: reason)
  }

  enum Chunked {
    case invalid
    case partial([UInt8])
    case complete([UInt8])
  }

  /// Decodes a chunked body as far as it arrived.
  static func decodeChunked(_ bytes: [UInt8]) -> Chunked {
    var body: [UInt8] = []
    var index = 0
    while true {
      guard let lineEnd = bytes[index...].firstIndex(of: 0x0A) else { return .partial(body) }
      var sizeText = bytes[index..<lineEnd]
      if sizeText.last == 0x0D { sizeText = sizeText.dropLast() }
      if let semicolon = sizeText.firstIndex(of: UInt8(ascii: ";")) { sizeText = sizeText[..<semicolon] }
      guard let size = Int(String(decoding: sizeText, as: UTF8.self).trimmingHTTPSpaces(), radix: 16),
        size >= 0
      else { return .invalid }
      index = lineEnd + 1
      if size == 0 { return .complete(body) }
      guard bytes.count - index >= size else {
        body += bytes[index...]
        return .partial(body)
      }
      body += bytes[index..<(index + size)]
      index += size
      // The CRLF after the data.
      if index < bytes.count && bytes[index] == 0x0D { index += 1 }
      guard index < bytes.count else { return .partial(body) }
      guard bytes[index] == 0x0A else { return .invalid }
      index += 1
    }
  }

  static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 48...57: true
    default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
  }
}

extension String {
  func trimmingHTTPSpaces() -> String {
    var text = Substring(self)
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return String(text)
  }
}
