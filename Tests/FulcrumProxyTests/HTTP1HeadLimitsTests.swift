import FulcrumProxy
import Testing

/// `tune.bufsize`, `tune.maxrewrite` and `tune.http.maxhdr` as HAProxy 2.6 applies them: a
/// request head beyond `bufsize - maxrewrite` bytes gets 400 (never 414 or 431, even for a long
/// URI), a response head 502; at most `maxhdr - 1` fields.
@Suite struct HTTP1HeadLimitsTests {
  typealias M = HTTP1TestMessages

  static func request(length: Int) -> String {
    let base = "GET /x HTTP/1.1\r\nHost: a\r\nX: \r\n\r\n"
    return "GET /x HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: length - base.utf8.count) + "\r\n\r\n"
  }

  @Test func limitsFollowHAProxyDefaults() {
    #expect(HTTP1Limits.default.maxHeadLength == 15_360)
    #expect(HTTP1Limits.default.maxHeaders == 101)
    // maxrewrite larger than half the buffer is lowered to half, as HAProxy does.
    #expect(HTTP1Limits(bufferSize: 16_384, maxRewrite: 10_000, maxHeaders: 10).maxHeadLength == 8_192)
  }

  @Test func headUpToTheLimitIsAcceptedAndOneByteMoreIsNot() {
    let limits = HTTP1Limits(bufferSize: 2_048, maxRewrite: 1_024, maxHeaders: 101)
    #expect(M.request(Self.request(length: 1_024), limits: limits).length == 1_024)
    let over = M.request(Self.request(length: 1_025), limits: limits)
    #expect(over.error?.reason == .headTooLarge)
    #expect(over.error?.status == 400)
  }

  @Test func longTargetGets400Not414() {
    let limits = HTTP1Limits(bufferSize: 2_048, maxRewrite: 1_024, maxHeaders: 101)
    let parsed = M.request("GET /" + String(repeating: "u", count: 2_000) + " HTTP/1.1\r\n\r\n", limits: limits)
    #expect(parsed.error?.reason == .headTooLarge)
    #expect(parsed.error?.status == 400)
  }

  @Test func anEndlessHeadFailsOnceTheLimitIsBuffered() {
    let limits = HTTP1Limits(bufferSize: 256, maxRewrite: 128, maxHeaders: 101)
    let partial = "GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 100)
    #expect(M.request(partial, limits: limits).result == .needMoreBytes)
    #expect(M.request(partial + String(repeating: "v", count: 9), limits: limits).error?.reason == .headTooLarge)
  }

  @Test func fieldCountStopsOneBelowMaxhdr() {
    func head(fields: Int) -> String {
      "GET / HTTP/1.1\r\n" + (0..<fields).map { "X-\($0): v\r\n" }.joined() + "\r\n"
    }
    let limits = HTTP1Limits(bufferSize: 16_384, maxRewrite: 1_024, maxHeaders: 10)
    #expect(M.request(head(fields: 9), limits: limits).length != nil)
    #expect(M.request(head(fields: 10), limits: limits).error?.reason == .tooManyHeaders)
    #expect(M.request(head(fields: 100)).length != nil)
    #expect(M.request(head(fields: 101)).error?.reason == .tooManyHeaders)
  }

  @Test func responseLimitsGive502() {
    let limits = HTTP1Limits(bufferSize: 256, maxRewrite: 128, maxHeaders: 3)
    let big = M.response("HTTP/1.1 200 OK\r\nX: " + String(repeating: "v", count: 200) + "\r\n\r\n", limits: limits)
    #expect(big.error?.reason == .headTooLarge)
    #expect(big.error?.status == 502)
    let many = M.response("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits)
    #expect(many.error?.reason == .tooManyHeaders)
    #expect(many.error?.status == 502)
  }
}
