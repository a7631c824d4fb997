import Foundation

/// One request the mock HTTP server read: its head exactly as received (to assert which fields
/// a proxy added, removed or rewrote), the parsed start line and fields, and the decoded body.
/// Immutable value; any thread.
public struct MockHTTPRequest: Sendable, CustomStringConvertible {
  /// Which accepted connection it arrived on (0 for the first).
  public var connection: Int
  /// The head as received, start line through the empty line.
  public var rawHead: String
  public var method: String
  public var target: String
  public var version: String
  /// The fields in order, as written.
  public var fields: [(name: String, value: String)]
  /// The body after de-chunking.
  public var body: [UInt8]
  /// The PROXY protocol v1 line (without CRLF) that opened its connection, if one did.
  public var proxyLine: String?
  /// The IP address the connection came from (the proxy's side of it).
  public var peerAddress: String?

  public var description: String { rawHead.debugDescription }

  /// The first value of the field `name` (case-insensitive).
  public func header(_ name: String) -> String? { headers(name).first }

  /// Every value of the field `name` (case-insensitive), in order.
  public func headers(_ name: String) -> [String] {
    let lower = name.lowercased()
    return fields.filter { $0.name.lowercased() == lower }.map(\.value)
  }

  /// The `Connection` tokens, lower-cased.
  var connectionTokens: [String] {
    headers("connection").flatMap { $0.split(separator: ",") }.map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }
  }

  /// Whether the client lets the connection stay open after the response.
  var keepsAlive: Bool {
    let tokens = connectionTokens
    if tokens.contains("close") { return false }
    return version == "HTTP/1.1" || tokens.contains("keep-alive")
  }

  /// Parses a head (without its final empty line); nil when the request line is malformed.
  static func parseHead(_ text: String, connection: Int) -> MockHTTPRequest? {
    var lines = text.components(separatedBy: "\r\n")
    while lines.first == "" { lines.removeFirst() }
    guard let requestLine = lines.first else { return nil }
    let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3 else { return nil }
    var fields: [(name: String, value: String)] = []
    for line in lines.dropFirst() where !line.isEmpty {
      guard let colon = line.firstIndex(of: ":") else { return nil }
      fields.append(
        (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
    }
    return MockHTTPRequest(
      connection: connection, rawHead: text + "\r\n\r\n", method: parts[0], target: parts[1], version: parts[2],
      fields: fields, body: [])
  }
}
