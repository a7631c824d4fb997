/// One response read by ``HTTPTestClient``: status line, fields as written, decoded body and how
/// the body was framed. Immutable value; any thread.
public struct HTTPTestResponse: Sendable, CustomStringConvertible {
  public enum Framing: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
    /// Read until the server closed.
    case untilClose
  }

  /// `HTTP/1.1` or `HTTP/1.0`.
  public var version: String
  public var status: Int
  public var reason: String
  /// The head as received, status line through the empty line.
  public var rawHead: String
  public var fields: [(name: String, value: String)]
  public var body: [UInt8]
  public var framing: Framing

  public var description: String { rawHead.debugDescription }

  /// The first value of the field `name` (case-insensitive).
  public func header(_ name: String) -> String? { headers(name).first }

  /// Every value of the field `name` (case-insensitive), in order.
  public func headers(_ name: String) -> [String] {
    let lower = name.lowercased()
    return fields.filter { $0.name.lowercased() == lower }.map(\.value)
  }

  public var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// The field names in order, as written: for asserting the layout of a response Fulcrum writes
  /// itself.
  public var fieldNames: [String] { fields.map(\.name) }
}
