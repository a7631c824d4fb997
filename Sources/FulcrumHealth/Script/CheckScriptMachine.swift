/// Runs one check script as a pure state machine: the probe reports what happened on the
/// socket (connected, bytes, end of stream, error, timeout) and gets back what to do next
/// (connect, write, read, finish). It keeps at most `bufferLimit` received bytes (HAProxy reads
/// at most `tune.bufsize` for a check): a full buffer counts as the end of the response. Knows
/// no clock and no socket; the outcome's duration is the probe's to fill in. Owned by the event
/// loop of its probe.
public struct CheckScriptMachine: Sendable {
  public enum Action: Sendable, Equatable {
    /// Close any current connection and open this one.
    case connect(CheckConnect)
    /// Write these bytes, then call `proceed()`.
    case write([UInt8])
    /// Read more bytes (one read), and report them, the end of stream, or an error.
    case read
    /// The check is over (close the connection).
    case finish(CheckOutcome)
  }

  public let script: CheckScript
  public let bufferLimit: Int
  public let evaluator: ExpectEvaluator
  private var position = 0
  private var received: [UInt8] = []
  private var inputClosed = false
  private var connecting: CheckConnect?
  private var lastPassed: CheckOutcome?
  private var finished = false

  /// The `X-Haproxy-Server-State` line of `sendWithServerState` steps (see
  /// ``ServerStateHeader``).
  public let serverStateLine: [UInt8]

  public init(
    script: CheckScript, bufferLimit: Int, evaluator: ExpectEvaluator = ExpectEvaluator(), serverStateLine: [UInt8] = []
  ) {
    self.script = script
    self.bufferLimit = max(1, bufferLimit)
    self.evaluator = evaluator
    self.serverStateLine = serverStateLine
  }

  /// The bytes received since the last send or connect (tests).
  public var receivedBytes: [UInt8] { received }

  /// How many more bytes the buffer takes.
  public var room: Int { bufferLimit - received.count }

  /// Starts the script.
  public mutating func start() -> Action { proceed() }

  /// Runs the steps until one needs the network.
  public mutating func proceed() -> Action {
    guard !finished else { return .read }
    while position < script.steps.count {
      switch script.steps[position] {
      case .comment:
        position += 1
      case .connect(let connect):
        position += 1
        received.removeAll(keepingCapacity: true)
        inputClosed = false
        connecting = connect
        return .connect(connect)
      case .send(let bytes, _, _):
        position += 1
        received.removeAll(keepingCapacity: true)
        return .write(bytes)
      case .sendWithServerState(let head, let rest):
        position += 1
        received.removeAll(keepingCapacity: true)
        return .write(head + serverStateLine + rest)
      case .expect(let expectation):
        let complete = inputClosed || received.count >= bufferLimit
        switch evaluator.evaluate(expectation, received: received, complete: complete) {
        case .needMore:
          if complete {
            // Cannot happen for a well-behaved evaluator; fail rather than spin.
            return finish(CheckOutcome(status: .layer7InvalidResponse))
          }
          return .read
        case .passed(let outcome, let stop):
          if let outcome { lastPassed = outcome }
          position += 1
          if stop { return finish(lastPassed ?? script.success) }
        case .failed(let outcome):
          return finish(outcome)
        }
      }
    }
    return finish(successOutcome)
  }

  /// The outcome when every step passed: the last one an expect gave (MySQL's handshake gives
  /// the version its final OK packet does not repeat), else the script's.
  private var successOutcome: CheckOutcome { lastPassed ?? script.success }

  private mutating func finish(_ outcome: CheckOutcome) -> Action {
    finished = true
    return .finish(outcome)
  }

  /// The connection the last `.connect` asked for is established.
  public mutating func connected() -> Action {
    connecting = nil
    return proceed()
  }

  /// Bytes arrived; those beyond the buffer are dropped.
  public mutating func received(_ bytes: some Collection<UInt8>) -> Action {
    guard !finished else { return .read }
    received.append(contentsOf: bytes.prefix(room))
    return proceed()
  }

  /// The server closed its side.
  public mutating func endOfStream() -> Action {
    guard !finished else { return .read }
    inputClosed = true
    return proceed()
  }

  /// The connection attempt failed (`reason` is the system's text, e.g. `Connection refused`).
  public mutating func connectFailed(reason: String) -> Action {
    guard !finished else { return .read }
    return finish(connectionFailure(reason: reason))
  }

  /// An established connection failed (e.g. reset by the peer).
  public mutating func connectionFailed(reason: String) -> Action {
    guard !finished else { return .read }
    if connecting != nil { return finish(connectionFailure(reason: reason)) }
    return finish(CheckOutcome(status: .socketError, info: reason))
  }

  /// The check's time ran out.
  public mutating func timedOut() -> Action {
    guard !finished else { return .read }
    if connecting != nil { return finish(connectionFailure(reason: "", timeout: true)) }
    let expectation: CheckExpectation?
    if position < script.steps.count, case .expect(let pending) = script.steps[position] {
      expectation = pending
    } else {
      expectation = nil
    }
    let status =
      expectation?.timeoutStatus ?? (expectation?.pattern == .preset(.sslHello) ? .layer6Timeout : .layer7Timeout)
    guard script.kind == .tcpCheck, let expectation, let number = expectation.number else {
      return finish(CheckOutcome(status: status))
    }
    var info = " at step \(number) of tcp-check (expect \(Self.describe(expectation.pattern)))"
    if let comment = expectation.comment { info += " comment: '\(comment)'" }
    return finish(CheckOutcome(status: status, info: info))
  }

  /// A failed connect in HAProxy's words: the system's reason, and for `tcp-check` the step.
  private func connectionFailure(reason: String, timeout: Bool = false) -> CheckOutcome {
    var info = reason
    if script.kind == .tcpCheck, let connect = connecting {
      if let number = connect.number {
        info += " at step \(number) of tcp-check (connect\(connect.port.map { " port \($0)" } ?? ""))"
      } else {
        info += " at initial connection step of tcp-check"
      }
      if let comment = connect.comment { info += " comment: '\(comment)'" }
    }
    return CheckOutcome(status: timeout ? .layer4Timeout : .layer4ConnectionProblem, info: info.isEmpty ? nil : info)
  }

  static func describe(_ pattern: CheckExpectation.Pattern) -> String {
    switch pattern {
    case .string(let bytes): "string '\(String(decoding: bytes, as: UTF8.self))'"
    case .binary(let bytes): "binary '\(String(decoding: bytes, as: UTF8.self))'"
    case .binaryRegex: "rbinary"
    case .regex: "regex"
    default: "custom"
    }
  }
}
