import NIOCore

/// `monitor-uri URI`: which requests the frontend answers itself with a 200 to tell a monitor
/// it is up. A URI starting with `/` is compared with the request's path (so an absolute-form
/// target matches too), any other with the whole target, as HAProxy 2.6 does. Immutable value;
/// any thread.
public struct HTTPMonitorURI: Sendable, Equatable {
  private let bytes: [UInt8]
  private let comparesPath: Bool

  public init(_ uri: String) {
    bytes = Array(uri.utf8)
    comparesPath = uri.hasPrefix("/")
  }

  /// Whether `head`, parsed from `buffer`'s readable bytes, asks for the monitor URI.
  public func matches(_ head: HTTP1RequestHead, in buffer: ByteBuffer) -> Bool {
    let range = comparesPath ? head.pathRange : head.targetRange
    guard range.count == bytes.count else { return false }
    let span = buffer.readableBytesUInt8Span
    for offset in 0..<bytes.count where span[range.lowerBound &+ offset] != bytes[offset] { return false }
    return true
  }
}
