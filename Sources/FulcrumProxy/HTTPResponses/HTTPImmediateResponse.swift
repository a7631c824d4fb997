/// The answer of an `http-request return` or `http-request deny` rule: the request is not
/// forwarded; this response is sent instead (its body is read and dropped first, so the next
/// request on the connection can follow, as HAProxy does). Built once at load; immutable, read
/// from any event loop.
public struct HTTPImmediateResponse: Sendable {
  /// Which action the rule was (logs count a deny as a denied request).
  public enum Action: String, Sendable, Hashable {
    case `return`
    case deny
  }

  public let action: Action
  public let response: HTTPPreparedResponse

  public init(action: Action, response: HTTPPreparedResponse) {
    self.action = action
    self.response = response
  }

  /// The response of a `return`/`deny` rule that gives its payload (`string`, `file`, or none):
  /// `HTTP/1.1 status reason`, the `hdr` fields in order, `content-length` (except for 204),
  /// `content-type` when there is a body, then the body: HAProxy 2.6's layout. `hdr` names are
  /// written lower-cased, as HAProxy writes them.
  /// - Throws: for a status outside 200–599, a body on 204 or 304, a body without a content type,
  ///   a malformed `hdr`, or a `hdr` naming a field Fulcrum writes itself.
  public static func payload(
    status: Int, contentType: String?, body: [UInt8], fields: [HTTPPreparedResponse.Field] = []
  ) throws(HTTPResponseDefinitionError) -> HTTPPreparedResponse {
    guard (200...599).contains(status) else {
      throw HTTPResponseDefinitionError("status \(status) cannot be returned; use a code from 200 to 599")
    }
    if (status == 204 || status == 304) && !body.isEmpty {
      throw HTTPResponseDefinitionError("a \(status) response has no body; drop the payload")
    }
    if !body.isEmpty && contentType == nil {
      throw HTTPResponseDefinitionError("a response with a payload needs 'content-type TYPE'")
    }
    if body.isEmpty, let contentType {
      throw HTTPResponseDefinitionError(
        "'content-type \(contentType)' has no effect without a payload (HAProxy ignores it); remove it")
    }
    var head: [HTTPPreparedResponse.Field] = []
    for field in fields {
      guard HTTPResponseFieldSyntax.isValidName(field.name) else {
        throw HTTPResponseDefinitionError("'hdr \(field.name)': a header name is a token (letters, digits, '-')")
      }
      guard HTTPResponseFieldSyntax.isValidValue(field.value) else {
        throw HTTPResponseDefinitionError(
          "'hdr \(field.name)': the value holds a control character or surrounding whitespace")
      }
      let name = field.name.lowercased()
      guard !reservedNames.contains(name) else {
        throw HTTPResponseDefinitionError(
          "'hdr \(field.name)': Fulcrum writes this field itself (HAProxy ignores it); remove it")
      }
      head.append(.init(name, field.value))
    }
    if status != 204 { head.append(.init("content-length", String(body.count))) }
    if let contentType, !body.isEmpty {
      guard HTTPResponseFieldSyntax.isValidValue(contentType), !contentType.isEmpty else {
        throw HTTPResponseDefinitionError("'content-type \(contentType)' holds a control character")
      }
      head.append(.init("content-type", contentType))
    }
    return .composed(status: status, reason: HTTPReasonPhrase.of(status), fields: head, body: body)
  }

  /// Fields whose value Fulcrum decides: framing and connection handling.
  static let reservedNames: Set<String> = ["content-length", "transfer-encoding", "connection"]
}
