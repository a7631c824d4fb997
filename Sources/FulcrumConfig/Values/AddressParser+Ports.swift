import FulcrumCore

extension AddressParser {
  /// Reads the port part of a `bind` address: `80` or `8000-8010`, ports 1 to 65535.
  static func portRange(_ port: Substring, in text: String, keyword: String) throws(ValueError) -> PortRange {
    var context: String { "in '\(text)' for '\(keyword)'" }
    if let sign = port.first, sign == "+" || sign == "-" {
      throw ValueError(
        "port offset '\(port)' \(context): offsets are only meaningful for a server",
        hint: "write a port or a range of ports, e.g. '80' or '8000-8010'")
    }
    guard let dash = port.firstIndex(of: "-") else {
      return try number(port, in: text, keyword: keyword)
    }
    let lowerText = port[..<dash]
    let upperText = port[port.index(after: dash)...]
    guard !upperText.isEmpty else {
      throw ValueError(
        "incomplete port range '\(port)' \(context)", hint: "write both ends, e.g. '\(lowerText)-\(lowerText)'")
    }
    let lower = try number(lowerText, in: text, keyword: keyword).lower
    let upper = try number(upperText, in: text, keyword: keyword).lower
    guard let range = PortRange(Int(lower), Int(upper)) else {
      throw ValueError(
        "invalid port range '\(port)' \(context): the first port is higher than the last",
        hint: "write '\(upper)-\(lower)'")
    }
    return range
  }

  /// Reads the port part of a `server` address: empty (the client's port), a port, or an
  /// offset `+N`/`-N` from the client's port. Port 0 means the client's port, as in HAProxy.
  static func serverPort(_ port: Substring, in text: String, keyword: String) throws(ValueError) -> ServerPort {
    guard !port.isEmpty else { return .clientPort }
    // Built only for a message: this runs for every server line.
    var context: String { "in '\(text)' for '\(keyword)'" }
    if let sign = port.first, sign == "+" || sign == "-" {
      let digits = port.dropFirst()
      guard !digits.isEmpty, digits.isASCIIDigits else {
        throw ValueError(
          "invalid port offset '\(port)' \(context)",
          hint: "write '+N' or '-N' to add to or subtract from the client's port, e.g. '+1000'")
      }
      guard let magnitude = NumericText.decimal(digits), magnitude <= PortRange.maximumPort else {
        throw ValueError(
          "port offset '\(port)' \(context) is out of range", hint: "write an offset from -65535 to +65535")
      }
      return .clientPortOffset(sign == "-" ? -magnitude : magnitude)
    }
    if port.utf8.contains(UInt8(ascii: "-")) {
      throw ValueError(
        "port range '\(port)' \(context): a server connects to one port",
        hint: "write a single port; to spread connections over several ports, declare one server per port")
    }
    if port.isASCIIDigits, NumericText.decimal(port) == 0 { return .clientPort }
    return .fixed(try number(port, in: text, keyword: keyword).lower)
  }

  /// One port number from 1 to 65535, as a range of one port.
  private static func number(_ digits: Substring, in text: String, keyword: String) throws(ValueError) -> PortRange {
    var context: String { "in '\(text)' for '\(keyword)'" }
    guard !digits.isEmpty, digits.isASCIIDigits else {
      throw ValueError("invalid port '\(digits)' \(context): not a number", hint: "write a port from 1 to 65535")
    }
    guard let value = NumericText.decimal(digits), let port = PortRange(value) else {
      throw ValueError(
        "invalid port '\(digits)' \(context): ports range from 1 to 65535", hint: "write a port from 1 to 65535")
    }
    return port
  }
}
