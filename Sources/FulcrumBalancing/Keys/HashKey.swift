/// What a hash-based `balance` hashes, and how it finds it in the bytes the caller passes.
/// Immutable value; any thread.
public enum HashKey: Sendable, Equatable {
  /// `source`: the client address.
  case sourceAddress
  /// `uri [whole] [len N] [depth N] [path-only]`.
  case uri(URIKey)
  /// `url_param NAME`.
  case urlParameter(URLParameterKey)
  /// `hdr(NAME) [use_domain_only]`.
  case header(name: String, HeaderKey)
  /// `rdp-cookie(NAME)`: the caller passes the cookie's value.
  case rdpCookie(name: String)

  /// What the caller must pass as `key`.
  public var input: BalancingInput {
    switch self {
    case .sourceAddress: .clientAddress
    case .uri, .urlParameter: .requestTarget
    case .header(let name, _): .headerValue(name: name)
    case .rdpCookie(let name): .rdpCookie(name: name)
    }
  }

  /// The hash of the key found in `input`, or nil when there is none (HAProxy then falls back to
  /// round robin).
  public func hash(_ input: Span<UInt8>, settings: HashSettings) -> UInt32? {
    switch self {
    case .sourceAddress:
      return Self.addressHash(input).map(settings.finish)
    case .uri(let key):
      return settings.hash(input.extracting(key.keyRange(in: input)))
    case .urlParameter(let key):
      return key.valueRange(inTarget: input).map { settings.hash(input.extracting($0)) }
    case .header(_, let key):
      return key.keyRange(in: input).map { settings.hash(input.extracting($0)) }
    case .rdpCookie:
      return input.isEmpty ? nil : settings.hash(input)
    }
  }

  /// Whether HAProxy skips looking at the key when a single server is in use. Only visible
  /// through which fallback runs, so kept for fidelity.
  var isSkippedForSingleServer: Bool {
    switch self {
    case .sourceAddress, .uri, .header: true
    case .urlParameter, .rdpCookie: false
    }
  }

  /// `source`'s hash: the address's 32-bit big-endian words combined with exclusive or (the
  /// `hash-type` function does not apply; `avalanche` does). Nil for anything but 4 or 16 bytes.
  static func addressHash(_ address: Span<UInt8>) -> UInt32? {
    guard address.count == 4 || address.count == 16 else { return nil }
    var hash: UInt32 = 0
    var offset = 0
    while offset < address.count {
      hash ^=
        UInt32(address[offset]) << 24 | UInt32(address[offset + 1]) << 16 | UInt32(address[offset + 2]) << 8
        | UInt32(address[offset + 3])
      offset += 4
    }
    return hash
  }
}
