import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain blocking TCP client for integration tests, with a receive timeout so a test that
/// waits for bytes that never come fails instead of hanging. One thread may read while
/// another writes (the kernel allows it on one socket), hence `@unchecked Sendable`.
public final class BlockingTCPClient: @unchecked Sendable {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  private var descriptor: Int32

  /// Connects to 127.0.0.1:`port` (or a unix socket path), waiting at most `timeoutSeconds`
  /// for any later receive.
  public init(port: Int, timeoutSeconds: Int = 10) throws {
    descriptor = try TestSocket.connect(
      to: try SocketAddress(ipAddress: "127.0.0.1", port: port), timeoutSeconds: timeoutSeconds, failure: Failure.init)
  }

  /// Connects to [::1]:`port`.
  public init(ipv6LoopbackPort port: Int, timeoutSeconds: Int = 10) throws {
    descriptor = try TestSocket.connect(
      to: try SocketAddress(ipAddress: "::1", port: port), timeoutSeconds: timeoutSeconds, failure: Failure.init)
  }

  /// Connects to a unix socket; a path starting with NUL names an abstract socket, padded with
  /// zeros to the whole address as HAProxy and Fulcrum bind it.
  public init(unixPath: String, timeoutSeconds: Int = 10) throws {
    descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(unixPath.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in bytes.prefix(raw.count - 1).enumerated() { raw[index] = byte }
    }
    let result = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard result == 0 else {
      close(descriptor)
      throw Failure(description: "connect to \(unixPath) failed: errno \(errno)")
    }
    TestSocket.setReceiveTimeout(descriptor, seconds: timeoutSeconds)
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  public func send(_ bytes: [UInt8]) throws {
    try TestSocket.send(bytes, on: descriptor, failure: Failure.init)
  }

  public func send(_ text: String) throws { try send(Array(text.utf8)) }

  /// Half-closes: the peer sees EOF, and this side can still read.
  public func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }

  /// Reads until EOF; throws on timeout or error.
  public func readToEnd(limit: Int = 64 * 1024 * 1024) throws -> [UInt8] {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while result.count < limit {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count == 0 { return result }
      guard count > 0 else { throw Failure(description: "recv failed or timed out: errno \(errno)") }
      result.append(contentsOf: buffer[0..<count])
    }
    return result
  }

  /// Reads exactly `count` bytes; throws on EOF, timeout or error.
  public func read(exactly count: Int) throws -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(count)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while result.count < count {
      let wanted = min(buffer.count, count - result.count)
      let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, wanted, 0) }
      guard got > 0 else { throw Failure(description: "connection ended after \(result.count) of \(count) bytes") }
      result.append(contentsOf: buffer[0..<got])
    }
    return result
  }

  /// Whether the peer has closed (EOF within the timeout).
  public func waitForClose() -> Bool {
    var byte: UInt8 = 0
    return recv(descriptor, &byte, 1, 0) == 0
  }

  /// Whether the peer closes (end of stream or reset) within `timeout`; false when the socket
  /// stays open that long (a byte arriving meanwhile is read and dropped).
  public func waitForClose(within timeout: Duration) -> Bool {
    var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let milliseconds = timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000
    guard poll(&watched, 1, Int32(milliseconds)) > 0 else { return false }
    var byte: UInt8 = 0
    return recv(descriptor, &byte, 1, 0) <= 0
  }

  public func closeNow() {
    close(descriptor)
    descriptor = -1
  }
}
