/// The pages a proxy answers with when it generates an error itself (deny, no server, server
/// timeout, bad request...): Fulcrum's built-in page for each status, replaced where the
/// configuration says so (`errorfile`, `errorfiles`, `errorloc*`, `http-error`). Built once per
/// proxy at load; immutable and read from any event loop.
///
/// Which proxy's pages answer follows HAProxy: the backend's replacement for the status if it has
/// one, else the frontend's, else the built-in page; the runtime merges them that way when it
/// builds a backend's pages.
public struct HTTPErrorPages: Sendable {
  /// The statuses whose page can be replaced (HAProxy 2.6's list plus 422, which its HTTP/1
  /// parser also answers).
  public static let replaceableStatuses: [Int] = [
    200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 422, 425, 429, 500, 501, 502, 503, 504,
  ]

  private let replacements: [Int: HTTPPreparedResponse]

  /// Pages with these replacements (status → response); every other status keeps the built-in
  /// page.
  public init(replacements: [Int: HTTPPreparedResponse] = [:]) {
    self.replacements = replacements
  }

  /// The built-in pages, nothing replaced.
  public static let builtIn = HTTPErrorPages()

  /// The statuses that have a replacement.
  public var replacedStatuses: [Int] { replacements.keys.sorted() }

  /// The page for `status`: its replacement, else the built-in page; a status Fulcrum has no page
  /// for gets the 500 page, as in HAProxy.
  public func page(for status: Int) -> HTTPPreparedResponse {
    if let replacement = replacements[status] { return replacement }
    return Self.builtInPage(for: status)
  }

  /// The page for an error found while reading a request head (400, 408 on `timeout
  /// http-request`, 422, 505). HAProxy 2.6 sends its built-in page there even when an errorfile
  /// replaces it, except an empty errorfile, which closes without answering (`errorfile 408
  /// /dev/null` is the documented way to silence pre-connect timeouts).
  public func pageForUnreadRequest(status: Int) -> HTTPPreparedResponse {
    if let replacement = replacements[status], replacement.isSilent { return replacement }
    return Self.builtInPage(for: status)
  }

  /// Fulcrum's own page for `status`, ignoring replacements (500's page for an unknown status).
  public static func builtInPage(for status: Int) -> HTTPPreparedResponse {
    builtInPages[status] ?? builtInPages[500]!
  }

  private static let builtInPages: [Int: HTTPPreparedResponse] = {
    var pages: [Int: HTTPPreparedResponse] = [:]
    for page in HTTPErrorPageText.all {
      let body = Array(
        "<html><body><h1>\(page.status) \(page.reason)</h1>\n\(page.message)\n</body></html>\n".utf8)
      pages[page.status] = .composed(
        status: page.status, reason: page.reason,
        fields: [
          .init("content-length", String(body.count)), .init("cache-control", "no-cache"),
          .init("content-type", "text/html"),
        ],
        body: body, closesConnection: page.closesConnection)
    }
    return pages
  }()
}
