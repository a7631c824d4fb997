import FulcrumConfig
import FulcrumCore

/// `tcp-check` and `http-check` rules as script steps: `connect`, `send`, `send-binary`,
/// `expect` and `comment`; what is not supported yet is refused with its line.
extension HealthPlanBuilder {
  func refuse(_ rule: RuleStatement, _ family: String, _ why: String) -> HealthPlanError {
    HealthPlanError(
      "backend '\(backend.name)': '\(family) \(rule.action) \(rule.arguments.joined(separator: " "))' (\(rule.location)): \(why)"
    )
  }

  /// `option tcp-check` with its rules; an implicit connect starts a script that has none.
  func tcpCheckScript() throws(HealthPlanError) -> CheckScript {
    let rules = backend.healthCheck.tcpCheckRules
    if !backend.healthCheck.httpCheckRules.isEmpty {
      let rule = backend.healthCheck.httpCheckRules[0]
      throw refuse(rule, "http-check", "http-check rules need 'option httpchk', not 'option tcp-check'")
    }
    var steps: [CheckStep] = []
    var pendingComment: String?
    var exchanges = false
    for (offset, rule) in rules.enumerated() {
      let number = offset + 1
      switch rule.action {
      case "comment":
        pendingComment = rule.arguments.joined(separator: " ")
        steps.append(.comment)
        continue
      case "connect":
        steps.append(.connect(try connectStep(rule, family: "tcp-check", number: number, comment: pendingComment)))
      case "send":
        let (data, comment) = try dataAndComment(rule, family: "tcp-check")
        steps.append(.send(Array(data.utf8), number: number, comment: comment ?? pendingComment))
        exchanges = true
      case "send-binary":
        let (data, comment) = try dataAndComment(rule, family: "tcp-check")
        guard let bytes = Self.hexBytes(data) else {
          throw refuse(rule, "tcp-check", "'\(data)' is not an even number of hexadecimal digits")
        }
        steps.append(.send(bytes, number: number, comment: comment ?? pendingComment))
        exchanges = true
      case "expect":
        var expectation = try expectation(rule, family: "tcp-check", http: false)
        expectation.number = number
        if expectation.comment == nil { expectation.comment = pendingComment }
        steps.append(.expect(expectation))
        exchanges = true
      default:
        throw refuse(rule, "tcp-check", "log-format sends and variables are not evaluated yet")
      }
      pendingComment = nil
    }
    try requireLeadingConnect(steps, rules: rules, family: "tcp-check")
    if !steps.contains(where: { if case .connect = $0 { true } else { false } }) {
      steps.insert(.connect(CheckConnect()), at: 0)
    }
    let success =
      exchanges ? CheckOutcome(status: .layer7OK, info: "(tcp-check)") : CheckOutcome(status: .layer4OK)
    return CheckScript(kind: .tcpCheck, steps: steps, success: success)
  }

  /// A ruleset with a `connect` must start with it (after comments), as HAProxy requires.
  func requireLeadingConnect(_ steps: [CheckStep], rules: [RuleStatement], family: String) throws(HealthPlanError) {
    guard steps.contains(where: { if case .connect = $0 { true } else { false } }) else { return }
    let first = steps.firstIndex { if case .comment = $0 { false } else { true } }
    if let first, case .connect = steps[first] { return }
    let rule = rules.first { $0.action != "comment" } ?? rules[0]
    throw refuse(rule, family, "a ruleset with a 'connect' must start with it")
  }

  /// `connect [default] [port N] [addr IP] [send-proxy] [linger] [comment MSG]`.
  func connectStep(
    _ rule: RuleStatement, family: String, number: Int, comment: String?
  ) throws(HealthPlanError)
    -> CheckConnect
  {
    var connect = CheckConnect(number: number, comment: comment, usesServerSettings: false)
    var arguments = rule.arguments[...]
    while let word = arguments.popFirst() {
      switch word {
      case "default":
        connect.usesServerSettings = true
      case "send-proxy":
        connect.sendProxy = true
      case "linger":
        connect.linger = true
      case "port", "addr", "comment":
        guard let value = arguments.popFirst() else { throw refuse(rule, family, "'\(word)' needs a value") }
        if word == "port" {
          guard let port = Int(value), (1...65535).contains(port) else {
            throw refuse(rule, family, "'port' must be a number from 1 to 65535 (expressions are not evaluated yet)")
          }
          connect.port = port
        } else if word == "addr" {
          guard IPAddress(value) != nil else { throw refuse(rule, family, "'addr' must be an IP address") }
          connect.address = value
        } else {
          connect.comment = value
        }
      default:
        throw refuse(
          rule, family,
          "'\(word)' (TLS, PROXY protocol, SOCKS4 or a mux protocol) is not supported by checks yet: connect in plain TCP"
        )
      }
    }
    return connect
  }

  /// `send DATA [comment MSG]`.
  func dataAndComment(_ rule: RuleStatement, family: String) throws(HealthPlanError) -> (String, String?) {
    let arguments = rule.arguments
    guard let data = arguments.first else { throw refuse(rule, family, "data to send is missing") }
    if arguments.count == 3 && arguments[1] == "comment" { return (data, arguments[2]) }
    guard arguments.count == 1 else { throw refuse(rule, family, "expects the data and an optional 'comment MSG'") }
    return (data, nil)
  }

  /// `expect [min-recv N] [comment MSG] [ok-status S] [error-status S] [tout-status S] [!] MATCH
  /// PATTERN`.
  func expectation(_ rule: RuleStatement, family: String, http: Bool) throws(HealthPlanError) -> CheckExpectation {
    var arguments = rule.arguments[...]
    var minimum = -1
    var comment: String?
    var statuses: [String: CheckStatus] = [:]
    var negated = false
    while let word = arguments.first {
      switch word {
      case "min-recv", "comment", "ok-status", "error-status", "tout-status":
        arguments.removeFirst()
        guard let value = arguments.popFirst() else { throw refuse(rule, family, "'\(word)' needs a value") }
        if word == "min-recv" {
          guard let number = Int(value), number >= -1 else { throw refuse(rule, family, "'min-recv' needs a number") }
          minimum = number
        } else if word == "comment" {
          comment = value
        } else {
          guard let status = CheckStatus(name: value) else {
            throw refuse(rule, family, "'\(value)' is not a check status (L7OK, L7OKC, L7RSP, L7STS, L6OK, ...)")
          }
          statuses[word] = status
        }
      case "on-success", "on-error", "status-code":
        throw refuse(
          rule, family, "'\(word)' takes a log-format or sample expression, which checks do not evaluate yet")
      default:
        if word == "!" {
          arguments.removeFirst()
          negated = true
        }
        guard var match = arguments.popFirst() else { throw refuse(rule, family, "the match is missing") }
        if match.hasPrefix("!") {
          negated = true
          match.removeFirst()
        }
        let compiled: CheckExpectation.Pattern
        if http, match == "hdr" || match == "fhdr" {
          compiled = .httpHeader(try headerMatch(&arguments, full: match == "fhdr", rule: rule, family: family))
        } else {
          guard let pattern = arguments.popFirst() else { throw refuse(rule, family, "'\(match)' needs a pattern") }
          compiled = try patternOf(match, pattern, rule: rule, family: family, http: http)
        }
        if let extra = arguments.first { throw refuse(rule, family, "unexpected '\(extra)' after the pattern") }
        var expectation = CheckExpectation(compiled, negated: negated, comment: comment)
        expectation.minimumReceived = minimum
        expectation.okStatus = statuses["ok-status"]
        expectation.errorStatus = statuses["error-status"]
        expectation.timeoutStatus = statuses["tout-status"]
        return expectation
      }
    }
    throw refuse(rule, family, "the match is missing")
  }

  /// `hdr|fhdr { name | name-lf } [-m METH] NAME [{ value | value-lf } [-m METH] VALUE]`; the
  /// log-format forms are refused until checks evaluate log-format strings.
  func headerMatch(
    _ arguments: inout ArraySlice<String>, full: Bool, rule: RuleStatement, family: String
  ) throws(HealthPlanError) -> HTTPCheckHeaderMatch {
    typealias Method = HTTPCheckHeaderMatch.Method
    func part(_ keyword: String) throws(HealthPlanError) -> (pattern: String, method: Method)? {
      guard let word = arguments.first, word == keyword || word == keyword + "-lf" else { return nil }
      arguments.removeFirst()
      guard word == keyword else {
        throw refuse(
          rule, family, "'\(word)' takes a log-format string, which checks do not evaluate yet: use '\(keyword)'")
      }
      var method = Method.str
      if arguments.first == "-m" {
        arguments.removeFirst()
        guard let name = arguments.popFirst(), let named = Method(rawValue: name) else {
          throw refuse(rule, family, "'-m' needs a matching method: str, beg, end, sub or reg")
        }
        method = named
      }
      guard let pattern = arguments.popFirst() else { throw refuse(rule, family, "'\(keyword)' needs a pattern") }
      if method == .reg, !CheckRegex.isValid(pattern) {
        throw refuse(rule, family, "'\(pattern)' is not a valid regular expression")
      }
      return (pattern, method)
    }
    let match = full ? "fhdr" : "hdr"
    guard let name = try part("name") else {
      throw refuse(rule, family, "'\(match)' needs 'name' and a header name, then optionally 'value' and a value")
    }
    let value = try part("value")
    return HTTPCheckHeaderMatch(
      name: name.pattern, nameMethod: name.method, value: value?.pattern, valueMethod: value?.method ?? .str,
      fullValue: full)
  }

  func patternOf(
    _ match: String, _ pattern: String, rule: RuleStatement, family: String, http: Bool
  )
    throws(HealthPlanError) -> CheckExpectation.Pattern
  {
    func regex(_ text: String) throws(HealthPlanError) -> String {
      guard CheckRegex.isValid(text) else { throw refuse(rule, family, "'\(text)' is not a valid regular expression") }
      return text
    }
    switch (http, match) {
    case (false, "string"): return .string(Array(pattern.utf8))
    case (false, "rstring"): return .regex(try regex(pattern))
    case (false, "binary"):
      guard let bytes = Self.hexBytes(pattern) else {
        throw refuse(rule, family, "'\(pattern)' is not an even number of hexadecimal digits")
      }
      return .binary(bytes)
    case (false, "rbinary"): return .binaryRegex(try regex(pattern))
    case (true, "status"):
      guard let ranges = Self.statusRanges(pattern) else {
        throw refuse(rule, family, "'\(pattern)' is not a list of status codes and ranges (200,301-308)")
      }
      return .httpStatus(ranges)
    case (true, "rstatus"): return .httpStatusRegex(try regex(pattern))
    case (true, "string"): return .httpBody(Array(pattern.utf8))
    case (true, "rstring"): return .httpBodyRegex(try regex(pattern))
    default:
      throw refuse(
        rule, family,
        "'\(match)' is not supported yet (log-format patterns and custom matches): use \(http ? "status, rstatus, hdr, fhdr, string or rstring" : "string, rstring, binary or rbinary")"
      )
    }
  }

  /// `200,201,300-310`.
  static func statusRanges(_ text: String) -> [ClosedRange<Int>]? {
    var ranges: [ClosedRange<Int>] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
      guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!), low <= high else {
        return nil
      }
      ranges.append(low...high)
    }
    return ranges.isEmpty ? nil : ranges
  }

  /// Hexadecimal digits as bytes, or nil when they are not an even number of digits.
  static func hexBytes(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
      guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
      index += 2
    }
    return bytes
  }

  static func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case 48...57: digit - 48
    case 65...70: digit - 55
    case 97...102: digit - 87
    default: nil
    }
  }
}
