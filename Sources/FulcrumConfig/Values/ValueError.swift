import FulcrumCore

/// Why one value of a configuration line (a time, a size, a number, an address) was rejected:
/// what is wrong, naming the keyword and the text, and what to write instead. The loader adds
/// `file:line`. Immutable value; used on any thread.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong, e.g. `invalid time '5x' for 'timeout connect': unexpected character 'x'`.
  public var message: String
  /// What to write instead, e.g. `write an integer with an optional unit …`; nil when the
  /// message already says it.
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  /// The message followed by the hint: the text a diagnostic shows.
  public var description: String {
    guard let hint else { return message }
    return "\(message); \(hint)"
  }
}

extension ValueError {
  /// The error for a host name the resolver could not turn into an address, as `init-addr libc`
  /// reports it at start-up, with the way to start anyway.
  /// - Parameters:
  ///   - host: the name as written.
  ///   - family: the family an `ipv4@`/`ipv6@` prefix asked for, if any.
  ///   - reason: the resolver's own words, e.g. `Name or service not known`.
  public static func unresolvable(host: String, family: IPFamily?, reason: String) -> ValueError {
    let wanted = family.map { " to an \($0 == .ipv4 ? "IPv4" : "IPv6") address" } ?? ""
    let notIPv4 = notIPv4Remark(host).map { "\($0); " } ?? ""
    return ValueError(
      "could not resolve address '\(host)'\(wanted) (\(reason))",
      hint: notIPv4 + "check the name and the system resolver (/etc/hosts, /etc/resolv.conf), or add"
        + " 'init-addr last,libc,none' to the server (or to 'default-server') so it starts in maintenance"
        + " until the name resolves")
  }

  /// For a name written like a dotted quad that is not one (`300.1.1.1`), why it was taken for a
  /// host name; nil otherwise.
  static func notIPv4Remark(_ host: String) -> String? {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
    return "'\(host)' is not an IPv4 address, as each of its 4 parts must be from 0 to 255, so it was looked up as"
      + " a host name"
  }
}
