/// Evaluates one `expect` step against the bytes received since the last send, with HAProxy
/// 2.6's wording for every failure. `complete` says no more bytes will come (the server closed,
/// or the buffer is full): a step that cannot conclude then fails. Pure; any thread.
public struct ExpectEvaluator: Sendable {
  /// `http-check disable-on-404`.
  public var disableOn404 = false
  /// The HTTP request was `HEAD`: its response has no body.
  public var headRequest = false

  public init(disableOn404: Bool = false, headRequest: Bool = false) {
    self.disableOn404 = disableOn404
    self.headRequest = headRequest
  }

  public func evaluate(_ expectation: CheckExpectation, received: [UInt8], complete: Bool) -> ExpectVerdict {
    switch expectation.pattern {
    case .string(let bytes), .binary(let bytes):
      if !complete && expectation.minimumReceived == -1 && received.count < bytes.count { return .needMore }
      return conclude(
        expectation, found: ExpectEvaluator.contains(received, bytes), received: received, complete: complete)
    case .regex(let pattern):
      let found = CheckRegex.matches(pattern, in: String(decoding: received, as: UTF8.self))
      return conclude(expectation, found: found, received: received, complete: complete)
    case .binaryRegex(let pattern):
      let found = CheckRegex.matches(pattern, in: ExpectEvaluator.hex(received))
      return conclude(expectation, found: found, received: received, complete: complete)
    case .httpStatus, .httpStatusRegex, .httpBody, .httpBodyRegex, .httpHeader, .httpDefault:
      return evaluateHTTP(expectation, received: received, complete: complete)
    case .agentReply:
      return Self.evaluateAgent(received: received, complete: complete)
    case .preset(let response):
      return PresetEvaluator.evaluate(response, expectation: expectation, received: received, complete: complete)
    }
  }

  /// A `tcp-check expect` decision: a match that is not there yet may still come, unless
  /// `min-recv` is set or nothing more can arrive.
  func conclude(_ expectation: CheckExpectation, found: Bool, received: [UInt8], complete: Bool) -> ExpectVerdict {
    if expectation.minimumReceived > 0 && received.count < expectation.minimumReceived && !complete {
      return .needMore
    }
    if !found && !complete && expectation.minimumReceived == -1 { return .needMore }
    if found != expectation.negated {
      guard let ok = expectation.okStatus else { return .passed }
      return .passed(CheckOutcome(status: ok, info: "(tcp-check)"), stop: false)
    }
    var message = expectation.negated ? "TCPCHK matched unwanted content" : "TCPCHK did not match content"
    switch expectation.pattern {
    case .string(let bytes): message += " '\(String(decoding: bytes, as: UTF8.self))'"
    case .binary: message += " (binary)"
    case .binaryRegex: message += " (rbinary)"
    default: message += " (regex)"
    }
    if let number = expectation.number { message += " at step \(number)" }
    if let comment = expectation.comment { message += " comment: \(comment)" }
    return .failed(CheckOutcome(status: expectation.errorStatus ?? .layer7InvalidResponse, info: message))
  }

  func evaluateHTTP(_ expectation: CheckExpectation, received: [UInt8], complete: Bool) -> ExpectVerdict {
    if expectation.minimumReceived > 0 && received.count < expectation.minimumReceived && !complete {
      return .needMore
    }
    let response: HTTPCheckResponse
    switch HTTPCheckResponse.parse(received, complete: complete, headRequest: headRequest) {
    case .incomplete: return .needMore
    case .invalid: return .failed(CheckOutcome(status: expectation.errorStatus ?? .layer7InvalidResponse))
    case .response(let parsed): response = parsed
    }
    let passed = CheckOutcome(status: expectation.okStatus ?? .layer7OK, code: response.status)
    if disableOn404 && response.status == 404 {
      // Takes precedence over every expect: NOLB while the server runs.
      return .passed(
        CheckOutcome(status: .layer7ConditionallyOK, code: 404, infoIfNotRunning: response.reason), stop: true)
    }
    let wrongStatus = CheckOutcome(
      status: expectation.errorStatus ?? .layer7WrongStatus, code: response.status, info: response.reason)
    switch expectation.pattern {
    case .httpDefault:
      return (200...399).contains(response.status) ? .passed(passed, stop: false) : .failed(wrongStatus)
    case .httpStatus(let ranges):
      let found = ranges.contains { $0.contains(response.status) }
      return found != expectation.negated ? .passed(passed, stop: false) : .failed(wrongStatus)
    case .httpStatusRegex(let pattern):
      let found = CheckRegex.matches(pattern, in: String(response.status))
      return found != expectation.negated ? .passed(passed, stop: false) : .failed(wrongStatus)
    case .httpHeader(let match):
      // haproxy 2.6 reports a header that does not match as a wrong status, with the reason.
      let found = match.matches(response.fields)
      return found != expectation.negated ? .passed(passed, stop: false) : .failed(wrongStatus)
    case .httpBody, .httpBodyRegex:
      guard response.bodyIsComplete else { return .needMore }
      let found: Bool
      if case .httpBody(let bytes) = expectation.pattern {
        found = Self.contains(response.body, bytes)
      } else if case .httpBodyRegex(let pattern) = expectation.pattern {
        found = CheckRegex.matches(pattern, in: String(decoding: response.body, as: UTF8.self))
      } else {
        found = false
      }
      if found != expectation.negated { return .passed(passed, stop: false) }
      let info = expectation.negated ? "HTTP check matched unwanted content" : "HTTP content check did not match"
      return .failed(
        CheckOutcome(status: expectation.errorStatus ?? .layer7InvalidResponse, code: response.status, info: info))
    default:
      return .failed(wrongStatus)
    }
  }

  /// The agent's first line. A reply without a health word, or no line at all, changes nothing
  /// of the server's operational state (HAProxy's "No status change").
  static func evaluateAgent(received: [UInt8], complete: Bool) -> ExpectVerdict {
    switch AgentReply.parse(received, complete: complete) {
    case .incomplete: return .needMore
    case .noLine: return .passed(CheckOutcome(status: .layer4OK), stop: true)
    case .reply(let reply):
      let status: CheckStatus
      switch reply.health {
      case .up: status = .layer7OK
      case .down: status = .layer7WrongStatus
      case nil: status = .layer4OK
      }
      return .passed(CheckOutcome(status: status, info: reply.healthInfo, agentReply: reply), stop: true)
    }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    let first = needle[0]
    var index = 0
    let last = haystack.count - needle.count
    while index <= last {
      if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
      index += 1
    }
    return false
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
