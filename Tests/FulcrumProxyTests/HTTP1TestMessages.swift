import FulcrumProxy

/// Builds test messages and parses them in one call. Messages are written as Swift strings whose
/// scalars below 256 stand for single bytes (`\u{00}` is NUL, `\u{FF}` is 0xFF), so any byte can
/// be written inline.
enum HTTP1TestMessages {
  static func bytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
  }

  static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  /// A request parsed from one buffer.
  struct Request {
    var bytes: [UInt8]
    var result: HTTP1HeadParseResult
    var head: HTTP1RequestHead

    var error: HTTP1ParseError? {
      if case .invalid(let error) = result { return error }
      return nil
    }
    var length: Int? {
      if case .complete(let length) = result { return length }
      return nil
    }
    func text(_ range: Range<Int>?) -> String? { range.map { HTTP1TestMessages.text(bytes, $0) } }
    var method: String { HTTP1TestMessages.text(bytes, head.methodRange) }
    var target: String { HTTP1TestMessages.text(bytes, head.targetRange) }
    var path: String { HTTP1TestMessages.text(bytes, head.pathRange) }
    var fieldNames: [String] { head.headers.fields.map { HTTP1TestMessages.text(bytes, $0.nameRange) } }
    var fieldValues: [String] { head.headers.fields.map { HTTP1TestMessages.text(bytes, $0.valueRange) } }
  }

  static func request(_ text: String, limits: HTTP1Limits = .default, acceptsInvalid: Bool = false) -> Request {
    request(bytes: bytes(text), limits: limits, acceptsInvalid: acceptsInvalid)
  }

  static func request(bytes: [UInt8], limits: HTTP1Limits = .default, acceptsInvalid: Bool = false) -> Request {
    var parser = HTTP1RequestHeadParser(limits: limits)
    parser.acceptsInvalid = acceptsInvalid
    var head = HTTP1RequestHead()
    let result = parser.parse(bytes.span, into: &head)
    return Request(bytes: bytes, result: result, head: head)
  }

  /// A response parsed from one buffer.
  struct Response {
    var bytes: [UInt8]
    var result: HTTP1HeadParseResult
    var head: HTTP1ResponseHead

    var error: HTTP1ParseError? {
      if case .invalid(let error) = result { return error }
      return nil
    }
    var length: Int? {
      if case .complete(let length) = result { return length }
      return nil
    }
    var reason: String { HTTP1TestMessages.text(bytes, head.reasonRange) }
  }

  static func response(
    _ text: String, to method: HTTP1Method = .get, limits: HTTP1Limits = .default, acceptsInvalid: Bool = false
  ) -> Response {
    let bytes = bytes(text)
    var parser = HTTP1ResponseHeadParser(limits: limits)
    parser.acceptsInvalid = acceptsInvalid
    var head = HTTP1ResponseHead()
    let result = parser.parse(bytes.span, requestMethod: method, into: &head)
    return Response(bytes: bytes, result: result, head: head)
  }
}
