import FulcrumCore

/// Reads the address words of `bind` and `server` lines into `ListenAddress` and
/// `ServerAddressSpec` values, with HAProxy's meaning: the port is after the last `:` (so
/// `:::80` is port 80 on `::`), IPv6 may be bracketed, `*` and an empty host mean "any", and a
/// `family@` prefix may force the kind of address. Stateless; runs on the thread that loads the
/// configuration, where `bind` host names are resolved (a blocking call).
public enum AddressParser {
  /// The longest unix socket path accepted, in bytes: HAProxy's limit, which leaves room in the
  /// 108-byte socket address for the temporary name a listening socket is created under.
  public static let maximumUnixPathBytes = 97
  /// The longest abstract socket name accepted, in bytes (108 less the leading NUL).
  public static let maximumAbstractNameBytes = 107

  /// Parses the first word of a `bind` line: one address or several separated by commas
  /// (`0.0.0.0:80,:443`). Host names are resolved now with `resolver`, and the first address
  /// it returns is used, as HAProxy does. One trailing comma is tolerated, as in HAProxy.
  public static func parseBindAddresses(
    _ word: String, keyword: String = "bind", resolver: any HostResolver
  ) throws(ValueError) -> [ListenAddress] {
    guard !word.isEmpty else { throw missingAddress(keyword, example: "':80' or '/run/fulcrum.sock'") }
    var elements = word.split(separator: ",", omittingEmptySubsequences: false)
    if elements.count > 1, elements.last?.isEmpty == true { elements.removeLast() }
    var addresses: [ListenAddress] = []
    for element in elements {
      guard !element.isEmpty else {
        throw ValueError(
          "empty address in '\(word)' for '\(keyword)'",
          hint: "remove the extra ',', or set the environment variable the address is taken from")
      }
      addresses.append(try parseListenAddress(String(element), keyword: keyword, resolver: resolver))
    }
    return addresses
  }

  /// Parses one `bind` address (`:80`, `[::1]:8000-8010`, `unix@lb.sock`, `fd@3`). IP
  /// addresses need a port or port range.
  public static func parseListenAddress(
    _ text: String, keyword: String = "bind", resolver: any HostResolver
  ) throws(ValueError) -> ListenAddress {
    guard !text.isEmpty else { throw missingAddress(keyword, example: "':80' or '/run/fulcrum.sock'") }
    let (prefix, rest) = try AddressPrefix.split(text, keyword: keyword) { _ in true }
    switch prefix {
    case .unix: return .unixPath(try unixPath(rest, in: text, keyword: keyword))
    case .abstractNamespace: return .abstractNamespace(try abstractName(rest, in: text, keyword: keyword))
    case .fileDescriptor: return .inheritedFD(try descriptor(rest, in: text, keyword: keyword))
    case .socketPair: return .socketPair(try descriptor(rest, in: text, keyword: keyword))
    case .ip(let family):
      let parts = try HostPort(rest, in: text, keyword: keyword)
      let host = try parts.interpret(family: family, portRequired: true)
      guard let port = parts.port, !port.isEmpty else {
        throw ValueError(
          "missing port in '\(text)' for '\(keyword)'",
          hint: "a TCP listener needs a port: write '\(parts.written):80', or a range such as"
            + " '\(parts.written):8000-8010'")
      }
      let ports = try portRange(port, in: text, keyword: keyword)
      switch host {
      case .address(let address):
        return .ip(address, ports: ports)
      case .name(let name):
        return .ip(try resolveListening(name, family: family, in: text, keyword: keyword, resolver), ports: ports)
      }
    }
  }

  /// Parses the address of a `server` line (`192.0.2.10:80`, `[2001:db8::1]`, `app.example:+1000`,
  /// `/run/app.sock`, `sockpair@4`). Host names are kept for `init-addr` to resolve; no port
  /// means the client's port.
  public static func parseServerAddress(
    _ text: String, keyword: String = "server"
  ) throws(ValueError) -> ServerAddressSpec {
    guard !text.isEmpty else { throw missingAddress(keyword, example: "'192.0.2.10:80' or '/run/app.sock'") }
    let (prefix, rest) = try AddressPrefix.split(text, keyword: keyword) { $0 != .fileDescriptor }
    switch prefix {
    case .unix: return .unixPath(try unixPath(rest, in: text, keyword: keyword))
    case .abstractNamespace: return .abstractNamespace(try abstractName(rest, in: text, keyword: keyword))
    case .socketPair, .fileDescriptor: return .socketPair(try descriptor(rest, in: text, keyword: keyword))
    case .ip(let family):
      let parts = try HostPort(rest, in: text, keyword: keyword)
      let host = try parts.interpret(family: family, portRequired: false)
      let port = try serverPort(parts.port ?? "", in: text, keyword: keyword)
      switch host {
      case .address(let address): return .ip(address, port: port)
      case .name(let name): return .hostName(name, family: family, port: port)
      }
    }
  }

  private static func missingAddress(_ keyword: String, example: String) -> ValueError {
    ValueError("missing address for '\(keyword)'", hint: "write an address such as \(example)")
  }

  private static func resolveListening(
    _ name: String, family: IPFamily?, in text: String, keyword: String, _ resolver: any HostResolver
  ) throws(ValueError) -> IPAddress {
    do throws(ValueError) {
      guard let first = try resolver.resolve(name, family: family).first else {
        throw ValueError.unresolvable(host: name, family: family, reason: "no address returned")
      }
      return first
    } catch {
      let notIPv4 = ValueError.notIPv4Remark(name).map { "\($0); " } ?? ""
      throw ValueError(
        "\(error.message) in '\(text)' for '\(keyword)'",
        hint: notIPv4 + "a listening address is resolved once, when the configuration is read: write an IP"
          + " address, or '*' to listen on every IPv4 address")
    }
  }

  private static func unixPath(_ path: Substring, in text: String, keyword: String) throws(ValueError) -> String {
    try socketName(
      path, in: text, keyword: keyword, kind: "socket path", limit: maximumUnixPathBytes,
      example: "unix@/run/fulcrum.sock", shorter: "use a shorter path, e.g. in /run")
  }

  private static func abstractName(_ name: Substring, in text: String, keyword: String) throws(ValueError) -> String {
    try socketName(
      name, in: text, keyword: keyword, kind: "abstract socket name", limit: maximumAbstractNameBytes,
      example: "abns@fulcrum", shorter: "use a shorter name")
  }

  /// A unix path or abstract name: not empty, and at most `limit` bytes.
  private static func socketName(
    _ name: Substring, in text: String, keyword: String, kind: String, limit: Int, example: String, shorter: String
  ) throws(ValueError) -> String {
    guard !name.isEmpty else {
      throw ValueError("missing \(kind) in '\(text)' for '\(keyword)'", hint: "write e.g. '\(example)'")
    }
    guard name.utf8.count <= limit else {
      throw ValueError(
        "\(kind) '\(name)' for '\(keyword)' is too long: \(name.utf8.count) bytes, at most \(limit)", hint: shorter)
    }
    return String(name)
  }

  private static func descriptor(_ number: Substring, in text: String, keyword: String) throws(ValueError) -> Int32 {
    guard number.isASCIIDigits, let value = NumericText.decimal(number), value <= Int32.max else {
      let prefix = text.dropLast(number.count)
      throw ValueError(
        "invalid file descriptor '\(number)' in '\(text)' for '\(keyword)'",
        hint: "write a non-negative integer, e.g. '\(prefix)3'")
    }
    return Int32(value)
  }
}
