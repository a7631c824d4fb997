/// The bytes an algorithm needs from the connection or request, which the caller fetches once
/// per pick and passes as `key`. Immutable value; any thread.
public enum BalancingInput: Sendable, Equatable {
  /// Nothing: `roundrobin`, `static-rr`, `leastconn`, `first`, `random`.
  case nothing
  /// `source`: the client's address as the socket reports it, 4 bytes (IPv4) or 16 (IPv6), in
  /// network order; an IPv4 client of an IPv6 listener is its 16-byte `::ffff:a.b.c.d` form, as
  /// in HAProxy. Anything else (a UNIX socket) counts as absent.
  case clientAddress
  /// `uri`, `url_param`: the request-line target as received (origin form `/path?query`, or
  /// absolute form), unmodified.
  case requestTarget
  /// `hdr(name)`: the value of the first header field with this name (compared without case),
  /// without the field name; empty when absent.
  case headerValue(name: String)
  /// `rdp-cookie(name)`: the value of the RDP cookie with this name (the rules layer's
  /// `req.rdp_cookie` fetch); empty when absent.
  case rdpCookie(name: String)
}
