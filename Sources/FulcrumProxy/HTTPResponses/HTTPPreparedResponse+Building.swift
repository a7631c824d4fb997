extension HTTPPreparedResponse {
  /// One header field of a generated response. Value; any thread.
  public struct Field: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  /// A response Fulcrum composes: `HTTP/1.1 status reason`, the fields in the order given, the
  /// body. The caller writes `content-length` among the fields where HAProxy puts it.
  static func composed(
    status: Int, reason: String, fields: [Field], body: [UInt8], closesConnection: Bool = false
  ) -> HTTPPreparedResponse {
    var head = Array("HTTP/1.1 \(status) \(reason)\r\n".utf8)
    for field in fields {
      head += Array(field.name.utf8)
      head += Array(": ".utf8)
      head += Array(field.value.utf8)
      head += [HTTP1ASCII.carriageReturn, HTTP1ASCII.lineFeed]
    }
    return HTTPPreparedResponse(
      status: status, head: head, body: body, isHTTP10: false, closesConnection: closesConnection)
  }

  /// The answer of `errorloc302`/`errorloc303 CODE URL` (and `errorloc`, which is 302): an empty
  /// redirect, in HAProxy 2.6's field order.
  /// - Parameter redirectStatus: 302 or 303.
  public static func redirect(
    _ redirectStatus: Int, to location: String
  ) throws(HTTPResponseDefinitionError) -> HTTPPreparedResponse {
    guard redirectStatus == 302 || redirectStatus == 303 else {
      throw HTTPResponseDefinitionError("a redirect for an error page is 302 or 303, not \(redirectStatus)")
    }
    guard !location.isEmpty, HTTPResponseFieldSyntax.isValidValue(location) else {
      throw HTTPResponseDefinitionError(
        "the redirect location '\(location)' is empty or holds a control character; write a URL")
    }
    return composed(
      status: redirectStatus, reason: redirectStatus == 302 ? "Found" : "See Other",
      fields: [Field("cache-control", "no-cache"), Field("content-length", "0"), Field("location", location)],
      body: [])
  }
}
