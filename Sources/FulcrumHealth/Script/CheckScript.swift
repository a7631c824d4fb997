/// What one check does on the wire: its steps in order (connect, send, expect), what kind of
/// check it is (for HAProxy's messages), and what it reports when every step passed. Built
/// once from the configuration by `HealthPlanBuilder`; immutable; any thread.
public struct CheckScript: Sendable, Equatable {
  /// The kind of check, which decides HAProxy's wording of failures.
  public enum Kind: Sendable, Equatable {
    /// A plain connection (`check` alone).
    case connect
    /// `option tcp-check` rules, or a preset built from them.
    case tcpCheck
    /// `option httpchk`.
    case http
    /// `agent-check`.
    case agent
  }

  public var kind: Kind
  public var steps: [CheckStep]
  /// The outcome when every step passed (the last expect may replace its status, code and info).
  public var success: CheckOutcome

  public init(kind: Kind, steps: [CheckStep], success: CheckOutcome) {
    self.kind = kind
    self.steps = steps
    self.success = success
  }
}

/// One step of a check script. Steps are numbered as HAProxy numbers `tcp-check` rules in its
/// messages: the configured rules from 1 (comments included); an implicit first connect has no
/// number.
public enum CheckStep: Sendable, Equatable {
  case connect(CheckConnect)
  case send([UInt8], number: Int?, comment: String?)
  /// An HTTP check request with `http-check send-state`: the server's state line goes between
  /// the request's configured fields and the framing fields HAProxy adds after them.
  case sendWithServerState(head: [UInt8], rest: [UInt8])
  case expect(CheckExpectation)
  /// `tcp-check comment`: does nothing, but counts in the numbering.
  case comment
}

extension CheckStep {
  /// Whether the step sends the server's state (`http-check send-state`).
  public var sendsServerState: Bool {
    if case .sendWithServerState = self { true } else { false }
  }
}

/// A connect step: where to (the check's address unless overridden) and how it is reported.
public struct CheckConnect: Sendable, Equatable {
  public var port: Int?
  public var address: String?
  /// Its rule number; nil for the implicit connect that starts a script without one.
  public var number: Int?
  public var comment: String?
  /// The implicit connect, or `connect default`: it takes the server's check settings,
  /// including the PROXY header of `check-send-proxy` (a plain `connect` rule does not).
  public var usesServerSettings: Bool
  /// `connect send-proxy`: the connection starts with a PROXY protocol header.
  public var sendProxy: Bool
  /// `connect linger`: the check closes the connection with a FIN. Without it the check ends
  /// with a reset (SO_LINGER 0) unless the server closed first, as in HAProxy 2.6: no TIME_WAIT
  /// socket is left behind per check.
  public var linger: Bool

  public init(
    port: Int? = nil, address: String? = nil, number: Int? = nil, comment: String? = nil,
    usesServerSettings: Bool = true, sendProxy: Bool = false, linger: Bool = false
  ) {
    self.port = port
    self.address = address
    self.number = number
    self.comment = comment
    self.usesServerSettings = usesServerSettings
    self.sendProxy = sendProxy
    self.linger = linger
  }
}
