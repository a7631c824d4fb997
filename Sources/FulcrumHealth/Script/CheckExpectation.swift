/// One `expect` step: what the response must (or, negated, must not) contain, and the statuses
/// to report. Immutable value; any thread.
public struct CheckExpectation: Sendable, Equatable {
  /// What is looked for.
  public enum Pattern: Sendable, Equatable {
    /// `tcp-check expect string`: these bytes anywhere in the response.
    case string([UInt8])
    /// `tcp-check expect rstring`: a regular expression on the response as text.
    case regex(String)
    /// `tcp-check expect binary`: these bytes (given in hex) anywhere in the response.
    case binary([UInt8])
    /// `tcp-check expect rbinary`: a regular expression on the response in hex.
    case binaryRegex(String)
    /// `http-check expect status`: the status is in one of the ranges.
    case httpStatus([ClosedRange<Int>])
    /// `http-check expect rstatus`: a regular expression on the 3-digit status.
    case httpStatusRegex(String)
    /// `http-check expect string`: these bytes in the body.
    case httpBody([UInt8])
    /// `http-check expect rstring`: a regular expression on the body.
    case httpBodyRegex(String)
    /// `http-check expect hdr|fhdr`: a header (and value) of the response.
    case httpHeader(HTTPCheckHeaderMatch)
    /// `option httpchk` without an expect after the last send: a 2xx or 3xx status.
    case httpDefault
    /// The agent's line.
    case agentReply
    /// A response only a preset understands.
    case preset(PresetResponse)
  }

  public var pattern: Pattern
  public var negated = false
  /// `min-recv`: evaluate only once this many bytes arrived (-1: as soon as it can conclude).
  public var minimumReceived = -1
  public var number: Int?
  public var comment: String?
  public var okStatus: CheckStatus?
  public var errorStatus: CheckStatus?
  public var timeoutStatus: CheckStatus?

  public init(_ pattern: Pattern, negated: Bool = false, number: Int? = nil, comment: String? = nil) {
    self.pattern = pattern
    self.negated = negated
    self.number = number
    self.comment = comment
  }

  /// Whether the pattern reads an HTTP response.
  var isHTTP: Bool {
    switch pattern {
    case .httpStatus, .httpStatusRegex, .httpBody, .httpBodyRegex, .httpHeader, .httpDefault: true
    default: false
    }
  }
}

/// The responses the presets (`option redis-check`, `smtpchk`, `pgsql-check`, `mysql-check`,
/// `ldap-check`, `ssl-hello-chk`) check, each the way HAProxy 2.6 reports it.
public enum PresetResponse: Sendable, Equatable {
  /// `+PONG`; else a wrong status with the first line.
  case redisPong
  /// An SMTP reply whose code starts with 2 (the banner, then the answer to HELO/EHLO, then
  /// the answer to QUIT, which becomes the check's code and info).
  case smtpReply(last: Bool)
  /// A PostgreSQL authentication request (`R`) or an error (`E`).
  case pgsqlAuthentication
  /// A MySQL initial handshake (or error) packet; `last` when no user is configured.
  case mysqlHandshake(last: Bool)
  /// The answer to the MySQL authentication packet: an OK packet.
  case mysqlAuthentication
  /// An LDAPv3 bind response with result code 0.
  case ldapBindResponse
  /// A TLS record of type handshake or alert: the server talks SSL.
  case sslHello
}
