/// Reason phrases and one-line explanations for the statuses Fulcrum answers itself. Pure; any
/// thread.
enum HTTPStatusReason {
  static func phrase(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 400: "Bad request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 407: "Proxy Authentication Required"
    case 408: "Request Time-out"
    case 410: "Gone"
    case 413: "Payload Too Large"
    case 422: "Unprocessable Content"
    case 425: "Too Early"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 501: "Not Implemented"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Time-out"
    case 505: "HTTP Version Not Supported"
    default: "Error"
    }
  }

  static func explanation(_ status: Int) -> String {
    switch status {
    case 400: "The request could not be understood."
    case 403: "This request is not allowed."
    case 408: "The request took too long to arrive."
    case 413: "The request is larger than allowed."
    case 422: "The request's transfer coding is not supported."
    case 500: "The request could not be processed."
    case 501: "This method is not supported."
    case 502: "The server sent an invalid or incomplete response."
    case 503: "No server is available to handle this request."
    case 504: "The server did not answer in time."
    case 505: "This HTTP version is not supported."
    default: "The request could not be served."
    }
  }
}
