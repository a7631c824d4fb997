#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A keep-alive HTTP client on a plain blocking socket, so that it allocates nothing per
/// request and every malloc the benchmark counts is the servers': sends one request head and
/// reads exactly as many bytes as the first response had before sending the next. Used by the
/// measuring thread only.
public final class BlockingClient {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  private let socket: Int32
  private let request: [UInt8]
  /// Room for one response.
  private let received: UnsafeMutableRawBufferPointer
  /// The length of every response, learnt from the first (`firstExchange()`).
  private var responseLength = 0

  /// Connects to 127.0.0.1:`port`; `request` is sent as is.
  public init(port: Int, request: [UInt8]) throws {
    self.request = request
    received = .allocate(byteCount: 1 << 16, alignment: 16)
    #if canImport(Glibc)
    socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
    var noDelay: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(socket)
      throw Failure(description: "connect to port \(port): errno \(errno)")
    }
  }

  deinit {
    close(socket)
    received.deallocate()
  }

  /// One request and its whole response; false if the connection failed.
  @inline(never)
  public func exchange() -> Bool {
    guard send() else { return false }
    var total = 0
    while total < responseLength {
      let count = recv(socket, received.baseAddress! + total, responseLength - total, 0)
      guard count > 0 else { return false }
      total += count
    }
    return true
  }

  /// The first exchange: reads a response framed by `Content-Length`, remembers its length for
  /// the next ones, and returns it.
  public func firstExchange() throws -> [UInt8] {
    guard send() else { throw Failure(description: "send: errno \(errno)") }
    var total = 0
    var expected: Int?
    while expected.map({ total < $0 }) ?? true {
      guard total < received.count else { throw Failure(description: "the response is too large") }
      let count = recv(socket, received.baseAddress! + total, received.count - total, 0)
      guard count > 0 else { throw Failure(description: "the connection failed: errno \(errno)") }
      total += count
      if expected == nil { expected = Self.messageLength(received[0..<total]) }
    }
    let response = Array(received[0..<total])
    guard expected == total, response.starts(with: Array("HTTP/1.1 200 ".utf8)) else {
      throw Failure(description: "unexpected response:\n\(String(decoding: response, as: UTF8.self))")
    }
    responseLength = total
    return response
  }

  private func send() -> Bool {
    var sent = 0
    while sent < request.count {
      let count = request.withUnsafeBytes { bytes in
        #if canImport(Glibc)
        Glibc.send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
        #else
        Darwin.send(socket, bytes.baseAddress! + sent, bytes.count - sent, 0)
        #endif
      }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }

  /// The whole message's length once its head is in `bytes`: the head plus `Content-Length`.
  private static func messageLength(_ bytes: Slice<UnsafeMutableRawBufferPointer>) -> Int? {
    let bytes = Array(bytes)
    guard bytes.count >= 4,
      let end = (3..<bytes.count).first(where: { bytes[$0 - 3...$0].elementsEqual([13, 10, 13, 10]) })
    else { return nil }
    var length = 0
    for line in String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      if parts.count == 2, parts[0].lowercased() == "content-length" {
        length = Int(parts[1].filter { $0 != " " }) ?? 0
      }
    }
    return end + 1 + length
  }
}
