import FulcrumCore

/// An IP address word split into its host and its port text: the port is after `]` when the
/// host is bracketed, otherwise after the last `:`. Interprets the host as an IP literal, "any"
/// (`*` or empty) or a host name. Immutable value, built and dropped by one parse call.
struct HostPort {
  /// What the host part names.
  enum Host: Equatable {
    case address(IPAddress)
    case name(String)
  }

  /// The host without brackets.
  let host: Substring
  /// True when the host was written in brackets (`[::1]:80`).
  let bracketed: Bool
  /// The text after the `:` that ends the host; nil when there is no such `:`.
  let port: Substring?
  /// Everything after the prefix.
  let rest: Substring
  /// The whole address word and the keyword, for messages.
  let text: String
  let keyword: String

  init(_ rest: Substring, in text: String, keyword: String) throws(ValueError) {
    self.rest = rest
    self.text = text
    self.keyword = keyword
    guard rest.first == "[" else {
      bracketed = false
      if let colon = Self.lastColon(in: rest) {
        host = rest[..<colon]
        port = rest[rest.index(after: colon)...]
      } else {
        host = rest
        port = nil
      }
      return
    }
    bracketed = true
    guard let close = rest.firstIndex(of: "]") else {
      throw ValueError(
        "missing ']' in '\(text)' for '\(keyword)'",
        hint: "close the bracket after the address, e.g. '[2001:db8::1]:80'")
    }
    host = rest[rest.index(after: rest.startIndex)..<close]
    let after = rest[rest.index(after: close)...]
    if after.isEmpty {
      port = nil
    } else if after.first == ":" {
      port = after.dropFirst()
    } else {
      throw ValueError(
        "expected ':' after ']' in '\(text)' for '\(keyword)'",
        hint: "write '\(text.dropLast(after.count)):\(after)'")
    }
  }

  /// The last `:` Character of `text`. An all-ASCII word (the usual case) is searched by
  /// bytes; walking Characters backwards costs many times more.
  private static func lastColon(in text: Substring) -> Substring.Index? {
    let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Int?? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return .none }
      return .some(bytes.lastIndex(of: UInt8(ascii: ":")))
    }
    if let ascii, let offset = ascii {
      return offset.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
    }
    return text.lastIndex(of: ":")
  }

  /// The prefix and host as written, for hints that add a port: `ipv6@[::1]`, `*`.
  var written: String {
    let prefix = text.dropLast(rest.count)
    return prefix + (bracketed ? "[\(host)]" : String(host))
  }

  /// Interprets the host; `family` is what an `ipv4@`/`ipv6@` prefix asks for, if any, and
  /// `portRequired` says whether the keyword needs a port (for hints).
  func interpret(family: IPFamily?, portRequired: Bool) throws(ValueError) -> Host {
    // Built only for a message: this runs for every server line.
    var context: String { "in '\(text)' for '\(keyword)'" }
    if host.isEmpty && bracketed {
      throw ValueError("empty brackets \(context)", hint: "write an address between them, e.g. '[::]'")
    }
    if host.isEmpty || (host == "*" && !bracketed) {
      return .address(.any(family ?? .ipv4))
    }
    if let address = IPAddress(String(host)) {
      if let family, address.family != family {
        throw ValueError(
          "'\(host)' \(context) is an \(Self.name(address.family)) address, but the prefix asks for"
            + " \(Self.name(family))",
          hint: "remove the prefix, or write an \(Self.name(family)) address")
      }
      return .address(address)
    }
    if let percent = host.firstIndex(of: "%"), IPv6Address(String(host[..<percent])) != nil {
      throw ValueError(
        "scoped IPv6 address '\(host)' \(context) is not supported",
        hint: "remove the '\(host[percent...])' zone; on a 'bind' line, the 'interface' option picks the interface")
    }
    if !bracketed, IPv6Address(String(rest)) != nil {
      let written = text.dropLast(rest.count) + "[\(rest)]"
      throw ValueError(
        "IPv6 address '\(rest)' \(context) must be written in brackets, as the part after its last ':' is"
          + " read as the port",
        hint: "write '\(written):PORT', e.g. '\(written):80'" + (portRequired ? "" : ", or '\(written)'"))
    }
    if host.hasPrefix("/") {
      throw ValueError("invalid address '\(host)' \(context)", hint: "for a unix socket, write 'unix@\(rest)'")
    }
    if host.contains(",") {
      throw ValueError(
        "invalid address '\(host)' \(context)", hint: "write one address; for several servers, write one line for each")
    }
    guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
      throw ValueError(
        "invalid address '\(host)' \(context)",
        hint: "write an IPv4 address, an IPv6 address in brackets such as '[2001:db8::1]', a host name, or '*'")
    }
    return .name(String(host))
  }

  private static func name(_ family: IPFamily) -> String { family == .ipv4 ? "IPv4" : "IPv6" }
}
