import FulcrumCore

/// The `family@` prefix that may start a `bind` or `server` address (`ipv4@`, `unix@`, `fd@`, …)
/// and what it selects. Owns the list of prefixes Fulcrum accepts and the reasons it rejects
/// the datagram, QUIC and other ones HAProxy knows. Immutable value; used on any thread.
enum AddressPrefix: Equatable {
  /// An IP address or host name, of one family or either (`ip@`, `tcp@` or no prefix).
  case ip(IPFamily?)
  /// A unix stream socket path (`unix@`, `uxst@`, or a word starting with `/`).
  case unix
  /// A Linux abstract-namespace socket (`abns@`).
  case abstractNamespace
  /// An inherited file descriptor (`fd@`).
  case fileDescriptor
  /// A socket pair over which connections are passed (`sockpair@`).
  case socketPair

  /// Every prefix Fulcrum accepts, in the order messages list them.
  static let accepted: [(name: String, prefix: AddressPrefix)] = [
    ("ipv4", .ip(.ipv4)), ("ipv6", .ip(.ipv6)), ("ip", .ip(nil)), ("tcp", .ip(nil)), ("tcp4", .ip(.ipv4)),
    ("tcp6", .ip(.ipv6)), ("unix", .unix), ("uxst", .unix), ("abns", .abstractNamespace),
    ("fd", .fileDescriptor), ("sockpair", .socketPair),
  ]

  /// Prefixes HAProxy knows but Fulcrum does not serve: why, and what to write instead.
  static let unsupported: [String: (reason: String, instead: String)] = {
    let datagram = (
      "it selects datagram (UDP) sockets, and Fulcrum proxies stream sockets only",
      "use 'tcp@' or no prefix for TCP, 'unix@' for a unix stream socket"
    )
    let quic = ("it selects QUIC over UDP, which Fulcrum does not implement", "serve HTTP over TCP, e.g. ':443'")
    let multipath = ("it selects Multipath TCP, which Fulcrum does not implement", "use 'tcp@' or no prefix for TCP")
    return [
      "udp": datagram, "udp4": datagram, "udp6": datagram, "uxdg": datagram, "dgram": datagram,
      "quic4": quic, "quic6": quic, "quic": quic,
      "mptcp": multipath, "mptcp4": multipath, "mptcp6": multipath,
      "abnsz": (
        "it selects a zero-terminated abstract socket name, which Fulcrum does not implement",
        "use 'abns@' if the peer pads names to the full socket address length as HAProxy does"
      ),
      "rhttp": ("it selects reverse HTTP, which Fulcrum does not implement", "connect to the servers directly"),
    ]
  }()

  /// Splits `text` into its prefix and the rest. A word starting with `/` is a unix path; a
  /// word without `@` is an IP address or host name. `stream+` may precede any accepted
  /// prefix, since stream is the only socket type Fulcrum uses.
  /// - Parameters:
  ///   - allowed: the prefixes the keyword accepts (a `server` does not take `fd@`).
  static func split(
    _ text: String, keyword: String, allowed: (AddressPrefix) -> Bool
  ) throws(ValueError) -> (prefix: AddressPrefix, rest: Substring) {
    if text.hasPrefix("/") { return (.unix, Substring(text)) }
    // Most addresses have no prefix: a byte scan settles that without walking Characters.
    guard text.utf8.contains(UInt8(ascii: "@")), let at = text.firstIndex(of: "@") else {
      return (.ip(nil), Substring(text))
    }
    let written = text[..<at]
    let rest = text[text.index(after: at)...]
    var name = written
    if name.hasPrefix("stream+") { name = name.dropFirst("stream+".count) }
    if let plus = name.firstIndex(of: "+") {
      let socketType = String(name[..<plus])
      if let (reason, instead) = unsupported[socketType] {
        throw unsupportedError(written, text, keyword, reason, instead)
      }
    }
    if let match = accepted.first(where: { $0.name == name }) {
      guard allowed(match.prefix) else {
        throw ValueError(
          "'\(written)@' in '\(text)' is not accepted by '\(keyword)': a server opens a new connection for"
            + " each session, which an inherited socket cannot do",
          hint: "use 'sockpair@N' to pass connections over a unix socket pair, or a unix socket path")
      }
      return (match.prefix, rest)
    }
    if let (reason, instead) = unsupported[String(name)] {
      throw unsupportedError(written, text, keyword, reason, instead)
    }
    let known = accepted.filter { allowed($0.prefix) }.map(\.name)
    if accepted.contains(where: { $0.name == name.lowercased() }) {
      throw ValueError(
        "unknown address prefix '\(written)@' in '\(text)' for '\(keyword)'",
        hint: "prefixes are lower case: write '\(written.lowercased())@\(rest)'")
    }
    throw ValueError(
      "unknown address prefix '\(written)@' in '\(text)' for '\(keyword)'",
      hint: "use one of " + known.map { "'\($0)@'" }.joined(separator: ", ")
        + ", or no prefix for an IP address or host name")
  }

  private static func unsupportedError(
    _ written: Substring, _ text: String, _ keyword: String, _ reason: String, _ instead: String
  ) -> ValueError {
    ValueError(
      "address prefix '\(written)@' in '\(text)' for '\(keyword)' is not supported by Fulcrum: \(reason)",
      hint: instead)
  }
}
