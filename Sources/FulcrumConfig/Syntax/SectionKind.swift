/// The keywords that open a section in haproxy.cfg, whether Fulcrum implements them or not.
/// A section keyword is valid anywhere and always starts a new section.
public enum SectionKind: String, Sendable, CaseIterable, Equatable {
  case global
  case defaults
  case frontend
  case backend
  case listen
  case userlist
  case peers
  case resolvers
  case mailers
  case program
  case cache
  case ring
  case httpErrors = "http-errors"
  case logForward = "log-forward"
  case crtStore = "crt-store"
  case traces
  case acme

  /// Sections that define a proxy (frontend, backend or both).
  public var isProxy: Bool { self == .frontend || self == .backend || self == .listen }

  /// Whether Fulcrum reads this section's contents. The others are rejected with a message
  /// naming what to use instead, never skipped.
  public var isSupported: Bool {
    switch self {
    case .global, .defaults, .frontend, .backend, .listen, .userlist, .httpErrors: true
    default: false
    }
  }

  /// What an operator can do instead of a section Fulcrum does not support yet.
  public var unsupportedHint: String {
    switch self {
    case .peers:
      "stick tables are not synchronised between instances yet; remove the 'peers' section and 'peers' from 'stick-table' lines"
    case .resolvers:
      "servers are resolved once at start-up (as 'init-addr libc'); remove the section and the servers' 'resolvers' option"
    case .mailers: "email alerts are not supported; use log-based alerting"
    case .program: "run external programs with the service manager (systemd) instead"
    case .cache: "HTTP caching is not supported; put a cache (e.g. varnish) behind Fulcrum"
    case .ring: "logs go to syslog targets or stdout/stderr; use 'log' lines without a ring"
    case .logForward: "forward syslog with a syslog daemon (rsyslog, syslog-ng)"
    case .crtStore: "name certificates directly with 'crt' on 'bind' lines"
    case .traces: "use the access log and 'show' commands of the runtime API"
    case .acme: "obtain certificates with an ACME client (certbot, lego) and load them with 'crt'"
    default: ""
    }
  }
}
