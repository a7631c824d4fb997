import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking HTTP/1 client for integration tests: it sends raw bytes (so a test controls every
/// byte, pipelining included) and reads responses one at a time from a buffered socket, framing
/// bodies by `Content-Length`, chunks, or the server's close. A receive timeout makes a test that
/// waits for a response that never comes fail instead of hanging. Used from one test thread
/// (run it through ``DedicatedThread``).
public final class HTTPTestClient: @unchecked Sendable {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var sawEOF = false

  /// Connects to `host` (an IPv4 or IPv6 literal) and `port`.
  public init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 10) throws {
    descriptor = try TestSocket.connect(
      to: try SocketAddress(ipAddress: host, port: port), timeoutSeconds: timeoutSeconds, failure: Failure.init)
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  public func send(_ bytes: [UInt8]) throws {
    try TestSocket.send(bytes, on: descriptor, failure: Failure.init)
  }

  public func send(_ text: String) throws { try send(Array(text.utf8)) }

  /// Sends `text` and reads one response (the final one: interim 1xx responses are skipped).
  public func request(_ text: String, method: String? = nil) throws -> HTTPTestResponse {
    try send(text)
    let requestMethod = method ?? String(text.prefix { $0 != " " })
    return try readResponse(toMethod: requestMethod, skippingInterim: true)
  }

  /// Reads the next response. `toMethod` says which request it answers (a HEAD response has no
  /// body); with `skippingInterim`, 1xx responses other than 101 are read and dropped.
  public func readResponse(toMethod method: String = "GET", skippingInterim: Bool = false) throws -> HTTPTestResponse {
    while true {
      let response = try readOneResponse(method: method)
      if skippingInterim && response.status < 200 && response.status != 101 { continue }
      return response
    }
  }

  /// The next `count` raw bytes (tunnel data after a 101), fewer if the server closes first.
  public func readRaw(count: Int) throws -> [UInt8] {
    while buffer.count < count, try fill() {}
    let taken = Array(buffer.prefix(count))
    buffer.removeFirst(taken.count)
    return taken
  }

  /// Whether the server closes the connection within the receive timeout, with no further
  /// bytes (unread bytes count as "not closed").
  public func waitForClose() -> Bool {
    guard buffer.isEmpty else { return false }
    if sawEOF { return true }
    return (try? fill()) == false && buffer.isEmpty
  }

  /// Half-closes: the server sees EOF, this side can still read.
  public func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }

  public func closeNow() {
    close(descriptor)
    descriptor = -1
  }

  /// Reads more bytes into the buffer; false at EOF. Throws on timeout or error.
  @discardableResult
  private func fill() throws -> Bool {
    if sawEOF { return false }
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
    if count == 0 {
      sawEOF = true
      return false
    }
    guard count > 0 else { throw Failure(description: "recv failed or timed out: errno \(errno)") }
    buffer.append(contentsOf: chunk[0..<count])
    return true
  }

  /// Reads through the next CRLF (or LF); throws at EOF.
  private func readLine() throws -> String {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = Array(buffer[..<newline])
        buffer.removeFirst(newline + 1)
        let trimmed = line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
        return String(decoding: trimmed, as: UTF8.self)
      }
      guard try fill() else {
        throw Failure(description: "connection closed in the middle of a line (\(buffer.count) bytes pending)")
      }
    }
  }

  private func readExactly(_ count: Int) throws -> [UInt8] {
    while buffer.count < count {
      guard try fill() else {
        throw Failure(description: "connection closed after \(buffer.count) of \(count) body bytes")
      }
    }
    let taken = Array(buffer.prefix(count))
    buffer.removeFirst(count)
    return taken
  }

  private func readOneResponse(method: String) throws -> HTTPTestResponse {
    if buffer.isEmpty, try !fill() { throw Failure(description: "connection closed before a response") }
    let statusLine = try readLine()
    var rawHead = statusLine + "\r\n"
    let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
      throw Failure(description: "not a status line: \(statusLine.debugDescription)")
    }
    var fields: [(name: String, value: String)] = []
    while true {
      let line = try readLine()
      rawHead += line + "\r\n"
      if line.isEmpty { break }
      guard let colon = line.firstIndex(of: ":") else {
        throw Failure(description: "bad field line \(line.debugDescription)")
      }
      let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
      fields.append((String(line[..<colon]), String(value)))
    }
    var response = HTTPTestResponse(
      version: parts[0], status: status, reason: parts.count > 2 ? parts[2] : "", rawHead: rawHead, fields: fields,
      body: [], framing: .none)
    let chunked = response.headers("transfer-encoding").contains { $0.lowercased().contains("chunked") }
    if method == "HEAD" || status < 200 || status == 204 || status == 304 {
      return response
    }
    if chunked {
      response.framing = .chunked
      response.body = try readChunkedBody()
    } else if let length = response.header("content-length").flatMap({ Int($0) }) {
      response.framing = .contentLength(length)
      response.body = try readExactly(length)
    } else {
      response.framing = .untilClose
      while try fill() {}
      response.body = buffer
      buffer.removeAll()
    }
    return response
  }

  private func readChunkedBody() throws -> [UInt8] {
    var body: [UInt8] = []
    while true {
      let line = try readLine()
      guard let size = Int(line.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
        throw Failure(description: "bad chunk size line \(line.debugDescription)")
      }
      if size == 0 { break }
      body += try readExactly(size)
      guard try readLine().isEmpty else { throw Failure(description: "chunk data not followed by CRLF") }
    }
    while try !readLine().isEmpty {}
    return body
  }
}
