import FulcrumConfig

/// `option httpchk [METHOD] [URI] [VERSION]` with its `http-check` rules: the request as
/// HAProxy 2.6 writes it (header names in lower case, `content-length` for a body,
/// `connection: close` from HTTP/1.1 on), and the expects; the implicit one is 2xx or 3xx.
extension HealthPlanBuilder {
  /// One request to send, from `option httpchk` and an `http-check send`.
  struct HTTPRequest {
    var method = "OPTIONS"
    var uri = "/"
    var version = "HTTP/1.0"
    var headers: [(name: String, value: String)] = []
    var body: String?

    /// The bytes on the wire.
    var bytes: [UInt8] {
      let (head, rest) = parts
      return head + rest
    }

    /// The bytes on the wire in two: the request line with the configured fields, then the
    /// fields HAProxy adds (`content-length`, `connection: close`), the blank line and the
    /// body. `http-check send-state` puts its field between the two, as HAProxy does.
    var parts: (head: [UInt8], rest: [UInt8]) {
      var head = "\(method) \(uri) \(version)\r\n"
      var hasConnection = false
      for header in headers {
        let name = header.name.lowercased()
        // HAProxy computes these itself.
        if name == "content-length" || name == "transfer-encoding" { continue }
        if name == "connection" { hasConnection = true }
        head += "\(name): \(header.value)\r\n"
      }
      var rest = ""
      if let body { rest += "content-length: \(body.utf8.count)\r\n" }
      if !hasConnection && version.uppercased() >= "HTTP/1.1" { rest += "connection: close\r\n" }
      rest += "\r\n"
      if let body { rest += body }
      return (Array(head.utf8), Array(rest.utf8))
    }

    /// The step that sends this request: with `send-state`, one that adds the server's state.
    func step(number: Int?, sendState: Bool) -> CheckStep {
      guard sendState else { return .send(bytes, number: number, comment: nil) }
      let (head, rest) = parts
      return .sendWithServerState(head: head, rest: rest)
    }
  }

  func httpScript(
    method: String?, uri: String?, version: String?
  ) throws(HealthPlanError) -> (
    CheckScript, ExpectEvaluator
  ) {
    let settings = backend.healthCheck
    if let rule = settings.tcpCheckRules.first {
      throw refuse(rule, "tcp-check", "tcp-check rules need 'option tcp-check', not 'option httpchk'")
    }
    let sendState = settings.sendState
    var base = HTTPRequest()
    if let method { base.method = method }
    if let uri { base.uri = uri }
    if let version {
      // The pre-2.2 form smuggles headers after the version: "HTTP/1.0\r\nHost:\ www".
      let lines = version.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
      base.version = lines.first ?? version
      for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        base.headers.append((String(line[..<colon]), String(value)))
      }
    }
    var steps: [CheckStep] = []
    var sentSinceConnect = false
    var expectsAfterSend = true
    var headRequest = false
    for (offset, rule) in settings.httpCheckRules.enumerated() {
      let number = offset + 1
      switch rule.action {
      case "comment":
        steps.append(.comment)
      case "connect":
        if !expectsAfterSend { steps.append(.expect(CheckExpectation(.httpDefault))) }
        steps.append(.connect(try connectStep(rule, family: "http-check", number: number, comment: nil)))
        sentSinceConnect = false
        expectsAfterSend = true
      case "send":
        guard !sentSinceConnect else {
          throw refuse(
            rule, "http-check", "checks send one request per connection: add an 'http-check connect' before it")
        }
        let request = try sendRequest(rule, base: base)
        headRequest = headRequest || request.method.uppercased() == "HEAD"
        steps.append(request.step(number: number, sendState: sendState))
        sentSinceConnect = true
        expectsAfterSend = false
      case "expect":
        if !sentSinceConnect {
          // Expects before any send apply to the request of `option httpchk`.
          headRequest = headRequest || base.method.uppercased() == "HEAD"
          steps.append(base.step(number: nil, sendState: sendState))
          sentSinceConnect = true
        }
        var expectation = try expectation(rule, family: "http-check", http: true)
        expectation.number = number
        steps.append(.expect(expectation))
        expectsAfterSend = true
      default:
        throw refuse(rule, "http-check", "variables are not evaluated by checks yet")
      }
    }
    try requireLeadingConnect(steps, rules: settings.httpCheckRules, family: "http-check")
    if !steps.contains(where: { if case .connect = $0 { true } else { false } }) {
      steps.insert(.connect(CheckConnect()), at: 0)
    }
    if !sentSinceConnect {
      headRequest = headRequest || base.method.uppercased() == "HEAD"
      steps.append(base.step(number: nil, sendState: sendState))
      expectsAfterSend = false
    }
    if !expectsAfterSend { steps.append(.expect(CheckExpectation(.httpDefault))) }
    let script = CheckScript(kind: .http, steps: steps, success: CheckOutcome(status: .layer7OK))
    return (script, ExpectEvaluator(disableOn404: settings.disableOn404, headRequest: headRequest))
  }

  /// `http-check send [meth M] [uri U] [ver V] [hdr NAME VALUE]* [body B] [comment C]` over the
  /// request of `option httpchk`.
  func sendRequest(_ rule: RuleStatement, base: HTTPRequest) throws(HealthPlanError) -> HTTPRequest {
    var request = base
    var arguments = rule.arguments[...]
    while let word = arguments.popFirst() {
      guard let value = arguments.popFirst() else { throw refuse(rule, "http-check", "'\(word)' needs a value") }
      switch word {
      case "meth": request.method = value
      case "uri": request.uri = value
      case "ver": request.version = value
      case "body": request.body = value
      case "comment": break
      case "hdr":
        guard let headerValue = arguments.popFirst() else {
          throw refuse(rule, "http-check", "'hdr \(value)' needs a value")
        }
        if headerValue.contains("%[") || headerValue.contains("%{") {
          throw refuse(rule, "http-check", "log-format header values are not evaluated by checks yet")
        }
        request.headers.append((value, headerValue))
      default:
        throw refuse(rule, "http-check", "'\(word)' (log-format URI or body) is not evaluated by checks yet")
      }
    }
    return request
  }
}
