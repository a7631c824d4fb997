import FulcrumCore

extension AddressParser {
  /// Parses the address of a `source` keyword or server option: `192.0.2.1`, `192.0.2.1:2000`,
  /// `[2001:db8::1]`, `*` or `0.0.0.0` (any address). A port range (`ADDR:PL-PH`, which only
  /// a server line allows) is refused: Fulcrum binds one port or lets the kernel choose.
  public static func parseSourceAddress(_ text: String, keyword: String) throws(ValueError) -> SourceBinding {
    guard !text.isEmpty else { throw ValueError("missing address for '\(keyword)'", hint: "write e.g. '192.0.2.1'") }
    let (prefix, rest) = try AddressPrefix.split(text, keyword: keyword) { prefix in
      if case .ip = prefix { return true }
      return false
    }
    guard case .ip(let family) = prefix else {
      throw ValueError("'\(text)' for '\(keyword)' is not an IP address", hint: "write e.g. '192.0.2.1'")
    }
    let parts = try HostPort(rest, in: text, keyword: keyword)
    guard case .address(let address) = try parts.interpret(family: family, portRequired: false) else {
      throw ValueError(
        "'\(parts.host)' for '\(keyword)' is not an IP address",
        hint: "a source is bound before each connection: write an IP address such as '192.0.2.1'")
    }
    guard let portText = parts.port, !portText.isEmpty else { return SourceBinding(address: address) }
    if portText.contains("-") {
      throw ValueError(
        "source port range '\(portText)' in '\(text)' for '\(keyword)' is not supported",
        hint: "give one port, or none to let the kernel choose one for each connection")
    }
    guard let port = Int(portText), (0...65535).contains(port) else {
      throw ValueError(
        "invalid port '\(portText)' in '\(text)' for '\(keyword)'", hint: "write a port between 0 and 65535")
    }
    return SourceBinding(address: address, port: port == 0 ? nil : UInt16(port))
  }
}
