/// The size limits a message head is parsed under, from `tune.bufsize`, `tune.maxrewrite` and
/// `tune.http.maxhdr`. Immutable value; built once per snapshot and read on any event loop.
public struct HTTP1Limits: Hashable, Sendable {
  /// HAProxy's defaults: `tune.bufsize 16384`, `tune.maxrewrite 1024`, `tune.http.maxhdr 101`.
  public static let `default` = HTTP1Limits(bufferSize: 16_384, maxRewrite: 1_024, maxHeaders: 101)

  /// The most bytes a head may take, leading empty lines and its final CRLF included: the buffer
  /// less the space reserved for rewrites. A larger request head is refused with 400, a larger
  /// response head with 502, as HAProxy does. The same bound applies to a chunk-size line and to
  /// a trailer section.
  public var maxHeadLength: Int

  /// `tune.http.maxhdr`: as in HAProxy the start line counts as one, so a head may carry at most
  /// `maxHeaders - 1` header fields (100 by default). Also bounds the trailer fields of a chunked
  /// body.
  public var maxHeaders: Int

  /// - Parameters:
  ///   - bufferSize: `tune.bufsize`.
  ///   - maxRewrite: `tune.maxrewrite`; like HAProxy, lowered to half the buffer when larger.
  ///   - maxHeaders: `tune.http.maxhdr`.
  public init(bufferSize: Int, maxRewrite: Int, maxHeaders: Int) {
    let reserve = min(max(maxRewrite, 0), bufferSize / 2)
    self.maxHeadLength = max(bufferSize - reserve, 0)
    self.maxHeaders = max(maxHeaders, 1)
  }
}
