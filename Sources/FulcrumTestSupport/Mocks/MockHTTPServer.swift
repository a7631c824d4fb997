import Foundation
import NIOCore
import NIOPosix

/// An HTTP/1.1 origin server on 127.0.0.1, port 0, for integration tests of the proxy: it keeps
/// connections alive (and reads pipelined requests in order), records every request's raw head
/// and body (and a PROXY protocol v1 line opening the connection), counts accepted connections
/// and requests, and answers as the test's ``Behaviour`` says. It parses on its own,
/// independently of Fulcrum's parser. Its channels run on the given group; `close()` stops it.
public final class MockHTTPServer: Sendable {
  /// How the server answers a request.
  public indirect enum Behaviour: Sendable {
    /// `status` with `body` (`Content-Length`, `Content-Type: text/plain`) and extra `fields`.
    case fixed(status: Int = 200, body: String = "ok", fields: [(String, String)] = [])
    /// 200 with the request body as the response body, and `X-Checksum` (``MockHTTPPayload``) and
    /// `X-Body-Length` of what was received.
    case echo
    /// 200 with a chunked body of `bytes` pattern bytes in chunks of `chunkSize`, with `X-Checksum`.
    case chunked(bytes: Int, chunkSize: Int = 4096)
    /// 200 with a `Content-Length` body of `bytes` pattern bytes (e.g. 10 MB), with `X-Checksum`.
    case large(bytes: Int)
    /// `100 Continue` as soon as the head is read, then ``echo`` once the body is in.
    case continueThenEcho
    /// Close the connection once the head is read, without answering.
    case closeWithoutAnswer
    /// Send bytes that are not HTTP, then close.
    case garbage
    /// Read everything and never answer.
    case neverAnswer
    /// `101 Switching Protocols` (`Upgrade: websocket`), then echo every byte.
    case switchingProtocols
    /// 200 with `body` and `Connection: close`, then close.
    case closeAfterAnswer(body: String = "bye")
    /// Exactly `response` once the request is in (for heads the other behaviours do not write:
    /// no length, 204, 304, HTTP/1.0...), then close with `thenClose`, else read the next request.
    case raw(String, thenClose: Bool = false)
    /// Decide per request (by path, method, header...).
    case route(@Sendable (MockHTTPRequest) -> Behaviour)
    /// Answer as `then` says once `gate` lets the answer go.
    case held(MockResponseGate, then: Behaviour)
  }

  public let channel: any Channel
  private let recorder: MockHTTPRecorder

  public var port: Int { channel.localAddress?.port ?? 0 }
  public var address: SocketAddress { channel.localAddress! }
  /// Connections accepted so far.
  public var acceptedConnections: Int { recorder.connectionCount }
  /// Complete requests read so far (heads, for a request that was never answered).
  public var requestCount: Int { recorder.requests.count }
  /// Every request read so far, in arrival order.
  public var requests: [MockHTTPRequest] { recorder.requests }

  public static func start(_ behaviour: Behaviour, group: any EventLoopGroup) async throws -> MockHTTPServer {
    let recorder = MockHTTPRecorder()
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelInitializer { channel in
        let index = recorder.connectionAccepted()
        return channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(
            MockHTTPHandler(behaviour: behaviour, recorder: recorder, connection: index))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return MockHTTPServer(channel: channel, recorder: recorder)
  }

  private init(channel: any Channel, recorder: MockHTTPRecorder) {
    self.channel = channel
    self.recorder = recorder
  }

  /// Waits (polling, no fixed sleep) until `count` requests were read; false at the deadline.
  public func waitForRequests(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if requestCount >= count { return true }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return requestCount >= count
  }

  public func close() async throws {
    try await channel.close()
  }
}

/// What the server's connections record, shared across event loops (test bookkeeping, locked).
final class MockHTTPRecorder: @unchecked Sendable {
  private let lock = NSLock()
  private var connections = 0
  private var recorded: [MockHTTPRequest] = []

  func connectionAccepted() -> Int {
    lock.withLock {
      connections += 1
      return connections - 1
    }
  }

  func record(_ request: MockHTTPRequest) { lock.withLock { recorded.append(request) } }

  var connectionCount: Int { lock.withLock { connections } }
  var requests: [MockHTTPRequest] { lock.withLock { recorded } }
}
