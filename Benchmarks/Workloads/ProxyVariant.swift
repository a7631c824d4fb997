import NIOCore

/// One way of serving the proxying workload: with or without Fulcrum in front of the
/// `Responder`, the proxy's extra `defaults` lines, and the response the responder sends.
/// Shared by the `HTTPProxying` benchmarks and `instruction-counts`. Immutable; any thread.
public struct ProxyVariant: Sendable {
  public let name: String
  /// The proxy's extra `defaults` lines; nil: the client talks to the responder directly.
  public let options: [String]?
  public let response: ByteBuffer
  /// Whether the response reaches the client exactly as the responder sent it.
  public let untouched: Bool

  public static let all: [ProxyVariant] = {
    let plain = Responder.response()
    // Apache's keep-alive answer: the hop-by-hop `Keep-Alive` field makes Fulcrum rewrite the head.
    let apache = Responder.response(extraFields: "Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n")
    return [
      ProxyVariant(name: "direct-keepalive-get", options: nil, response: plain, untouched: true),
      // Both heads forwarded as received.
      ProxyVariant(name: "proxy-keepalive-get", options: [], response: plain, untouched: true),
      // The request head is rewritten to add `X-Forwarded-For`.
      ProxyVariant(
        name: "proxy-keepalive-get-forwardfor", options: ["option forwardfor"], response: plain, untouched: true),
      // The response head is rewritten to drop `Keep-Alive` and `Connection`.
      ProxyVariant(name: "proxy-keepalive-get-rewritten-response", options: [], response: apache, untouched: false),
    ]
  }()

  /// Starts the variant's stack and warms it up with 1,000 requests: idle pools, the parsers'
  /// field storage and NIO's buffers grow to their size before anything is measured.
  public func start() async throws -> ProxyStack {
    let stack = try await ProxyStack.start(proxyOptions: options, response: response, untouched: untouched)
    for _ in 0..<1_000 where !stack.client.exchange() {
      throw BlockingClient.Failure(description: "the keep-alive connection failed during warm-up")
    }
    return stack
  }
}
