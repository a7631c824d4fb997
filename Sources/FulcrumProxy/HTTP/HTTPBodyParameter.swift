/// `balance url_param NAME check_post`: where the parameter is looked for in a POST body when
/// the query string has none. The search itself belongs to the balancing layer (its
/// `URLParameterKey`), which the runtime hands in as closures; the session buffers the body
/// (as `http-buffer-request` does), finds the value, and gives the selector a target of just
/// `?NAME=VALUE`, which it hashes as it hashes a query string. Immutable; any thread.
public struct HTTPBodyParameter: Sendable {
  /// The parameter's name, as written.
  public let name: [UInt8]
  /// The value's range in a request target, nil when its query has none.
  public let inTarget: @Sendable ([UInt8]) -> Range<Int>?
  /// The value's range in a urlencoded body, nil when it has none.
  public let inBody: @Sendable ([UInt8]) -> Range<Int>?

  public init(
    name: String, inTarget: @escaping @Sendable ([UInt8]) -> Range<Int>?,
    inBody: @escaping @Sendable ([UInt8]) -> Range<Int>?
  ) {
    self.name = Array(name.utf8)
    self.inTarget = inTarget
    self.inBody = inBody
  }

  /// The key for the selector: nil to hash the request target as usual (the query has the
  /// parameter, or the body has not), else `?NAME=VALUE` from `body`.
  public func key(target: [UInt8], body: [UInt8]) -> [UInt8]? {
    guard inTarget(target) == nil, let range = inBody(body) else { return nil }
    return [UInt8(ascii: "?")] + name + [UInt8(ascii: "=")] + body[range]
  }
}
