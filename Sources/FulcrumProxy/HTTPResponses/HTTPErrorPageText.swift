/// The wording of Fulcrum's built-in error pages: status line reason (HAProxy 2.6's, so logs and
/// scripts matching it keep working) and one sentence of body. Constants; any thread.
struct HTTPErrorPageText: Sendable {
  var status: Int
  var reason: String
  var message: String
  /// The page ends the connection (HAProxy's 400 and 408 carry `Connection: close`; 422 and 505
  /// answer a request Fulcrum could not read, so nothing can follow it).
  var closesConnection = false

  static let all: [HTTPErrorPageText] = [
    .init(status: 200, reason: "OK", message: "The service is up."),
    .init(
      status: 400, reason: "Bad request", message: "The request could not be understood.", closesConnection: true),
    .init(status: 401, reason: "Unauthorized", message: "This resource needs valid credentials."),
    .init(status: 403, reason: "Forbidden", message: "Access to this resource is refused by the server's rules."),
    .init(status: 404, reason: "Not Found", message: "Nothing was found at this address."),
    .init(status: 405, reason: "Method Not Allowed", message: "This method cannot be used on this resource."),
    .init(
      status: 407, reason: "Proxy Authentication Required", message: "The proxy needs valid credentials."),
    .init(
      status: 408, reason: "Request Time-out", message: "The request did not arrive completely in time.",
      closesConnection: true),
    .init(status: 410, reason: "Gone", message: "This resource has been removed for good."),
    .init(status: 413, reason: "Payload Too Large", message: "The request body is larger than allowed."),
    .init(
      status: 422, reason: "Unprocessable Content", message: "The request's transfer coding cannot be processed.",
      closesConnection: true),
    .init(status: 425, reason: "Too Early", message: "The request was sent as early data; send it again."),
    .init(status: 429, reason: "Too Many Requests", message: "Too many requests were sent in a short time."),
    .init(status: 500, reason: "Internal Server Error", message: "The server met an internal error."),
    .init(status: 501, reason: "Not Implemented", message: "The server cannot carry out this request."),
    .init(status: 502, reason: "Bad Gateway", message: "The upstream server's answer was invalid or incomplete."),
    .init(status: 503, reason: "Service Unavailable", message: "No server can answer this request right now."),
    .init(status: 504, reason: "Gateway Time-out", message: "The upstream server did not answer in time."),
    .init(
      status: 505, reason: "HTTP Version Not Supported", message: "This HTTP version is not supported.",
      closesConnection: true),
  ]
}
