import FulcrumHealth
import Testing

/// `expect` steps on the bytes received, with HAProxy 2.6's messages (each recorded from
/// haproxy 2.6 against a mock server sending `-ERR\r\n`).
@Suite struct ExpectEvaluatorTests {
  let evaluator = ExpectEvaluator()

  func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  func tcp(
    _ pattern: CheckExpectation.Pattern, negated: Bool = false, number: Int? = 2, comment: String? = nil
  )
    -> CheckExpectation
  {
    CheckExpectation(pattern, negated: negated, number: number, comment: comment)
  }

  @Test func stringWaitsForEnoughBytesThenMatches() {
    let expectation = tcp(.string(bytes("+PONG")))
    #expect(evaluator.evaluate(expectation, received: bytes("+PO"), complete: false) == .needMore)
    #expect(evaluator.evaluate(expectation, received: bytes("xx+PONG\r\n"), complete: false) == .passed)
    // Not there yet but more may come: wait.
    #expect(evaluator.evaluate(expectation, received: bytes("-ERR\r\n"), complete: false) == .needMore)
  }

  @Test func mismatchMessagesAsHAProxyWritesThem() {
    let received = bytes("-ERR\r\n")
    #expect(
      evaluator.evaluate(tcp(.string(bytes("+PONG"))), received: received, complete: true)
        == .failed(
          CheckOutcome(status: .layer7InvalidResponse, info: "TCPCHK did not match content '+PONG' at step 2")))
    #expect(
      evaluator.evaluate(tcp(.binary(bytes("+PONG"))), received: received, complete: true)
        == .failed(
          CheckOutcome(status: .layer7InvalidResponse, info: "TCPCHK did not match content (binary) at step 2")))
    #expect(
      evaluator.evaluate(tcp(.regex("^\\+PONG")), received: received, complete: true)
        == .failed(CheckOutcome(status: .layer7InvalidResponse, info: "TCPCHK did not match content (regex) at step 2"))
    )
    #expect(
      evaluator.evaluate(tcp(.string(bytes("ERR")), negated: true), received: received, complete: false)
        == .failed(
          CheckOutcome(status: .layer7InvalidResponse, info: "TCPCHK matched unwanted content 'ERR' at step 2")))
    #expect(
      evaluator.evaluate(tcp(.regex("^-ERR"), negated: true), received: received, complete: false)
        == .failed(
          CheckOutcome(status: .layer7InvalidResponse, info: "TCPCHK matched unwanted content (regex) at step 2")))
    #expect(
      evaluator.evaluate(tcp(.string(bytes("+PONG")), comment: "nice comment"), received: received, complete: true)
        == .failed(
          CheckOutcome(
            status: .layer7InvalidResponse, info: "TCPCHK did not match content '+PONG' at step 2 comment: nice comment"
          )))
  }

  @Test func negatedMatchWaitsForTheEndUnlessMinRecvIsSet() {
    var expectation = tcp(.string(bytes("ERR")), negated: true)
    #expect(evaluator.evaluate(expectation, received: bytes("+OK\r\n"), complete: false) == .needMore)
    #expect(evaluator.evaluate(expectation, received: bytes("+OK\r\n"), complete: true) == .passed)
    expectation.minimumReceived = 3
    #expect(evaluator.evaluate(expectation, received: bytes("+OK\r\n"), complete: false) == .passed)
    #expect(evaluator.evaluate(expectation, received: bytes("+O"), complete: false) == .needMore)
  }

  @Test func binaryAndBinaryRegex() {
    #expect(
      evaluator.evaluate(tcp(.binary([0x2B, 0x50, 0x4F, 0x4E, 0x47])), received: bytes("+PONG\r\n"), complete: false)
        == .passed)
    #expect(evaluator.evaluate(tcp(.binaryRegex("^2B50")), received: bytes("+PONG"), complete: false) == .passed)
  }

  @Test func statusOverrides() {
    var expectation = tcp(.string(bytes("+OK")))
    expectation.okStatus = .layer7ConditionallyOK
    expectation.errorStatus = .layer7WrongStatus
    #expect(
      evaluator.evaluate(expectation, received: bytes("+OK"), complete: false)
        == .passed(CheckOutcome(status: .layer7ConditionallyOK, info: "(tcp-check)"), stop: false))
    guard case .failed(let outcome) = evaluator.evaluate(expectation, received: bytes("-NO"), complete: true) else {
      Issue.record("expected a failure")
      return
    }
    #expect(outcome.status == .layer7WrongStatus)
  }

  @Test func httpDefaultAcceptsTwoAndThreeHundreds() {
    let expectation = CheckExpectation(.httpDefault)
    #expect(
      evaluator.evaluate(expectation, received: bytes("HTTP/1.0 302 Found\r\n\r\n"), complete: false)
        == .passed(CheckOutcome(status: .layer7OK, code: 302), stop: false))
    // haproxy 2.6: "Layer7 wrong status, code: 500, info: "X"".
    #expect(
      evaluator.evaluate(expectation, received: bytes("HTTP/1.0 500 X\r\nContent-Length: 2\r\n\r\nok"), complete: true)
        == .failed(CheckOutcome(status: .layer7WrongStatus, code: 500, info: "X")))
    #expect(evaluator.evaluate(expectation, received: bytes("HTTP/1.1 200 OK\r\n"), complete: false) == .needMore)
  }

  @Test func httpGarbageOrNothingIsAnInvalidResponse() {
    // haproxy 2.6: "hello\r\n\r\n" and an empty answer both give "Layer7 invalid response".
    let expectation = CheckExpectation(.httpDefault)
    let invalid = ExpectVerdict.failed(CheckOutcome(status: .layer7InvalidResponse))
    #expect(evaluator.evaluate(expectation, received: bytes("hello\r\n\r\n"), complete: false) == invalid)
    #expect(evaluator.evaluate(expectation, received: [], complete: true) == invalid)
    #expect(
      evaluator.evaluate(expectation, received: bytes("HTTP/1.1 200 OK\r\nbad header\r\n\r\n"), complete: false)
        == invalid)
    #expect(evaluator.evaluate(expectation, received: bytes("HTTP/1.1 20 OK\r\n\r\n"), complete: false) == invalid)
  }

  @Test func httpStatusListsAndRegex() {
    let response = bytes("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
    #expect(
      evaluator.evaluate(CheckExpectation(.httpStatus([200...200])), received: response, complete: false)
        == .failed(CheckOutcome(status: .layer7WrongStatus, code: 201, info: "Created")))
    #expect(
      evaluator.evaluate(CheckExpectation(.httpStatus([200...200, 201...204])), received: response, complete: false)
        == .passed(CheckOutcome(status: .layer7OK, code: 201), stop: false))
    // haproxy 2.6, `! rstatus ^2` on a 201: "Layer7 wrong status, code: 201".
    #expect(
      evaluator.evaluate(CheckExpectation(.httpStatusRegex("^2"), negated: true), received: response, complete: false)
        == .failed(CheckOutcome(status: .layer7WrongStatus, code: 201, info: "Created")))
  }

  /// `hdr` and `fhdr`: names without case, values with it, `hdr` on each element of a list
  /// (a quoted comma does not split), `fhdr` on the whole value; a miss is a wrong status.
  @Test func httpHeaderMatches() {
    let response = bytes(
      "HTTP/1.1 200 OK\r\nSet-Cookie: sessid=abc; path=/\r\nCache-Control: no-cache, max-age=0\r\n"
        + "X-List: \"a,b\", c\r\nContent-Length: 0\r\n\r\n")
    func verdict(_ match: HTTPCheckHeaderMatch, negated: Bool = false) -> ExpectVerdict {
      evaluator.evaluate(CheckExpectation(.httpHeader(match), negated: negated), received: response, complete: false)
    }
    let passed = ExpectVerdict.passed(CheckOutcome(status: .layer7OK, code: 200), stop: false)
    let failed = ExpectVerdict.failed(CheckOutcome(status: .layer7WrongStatus, code: 200, info: "OK"))
    #expect(verdict(HTTPCheckHeaderMatch(name: "set-cookie")) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "X-Missing")) == failed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "X-Missing"), negated: true) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "set-cookie", value: "sessid=", valueMethod: .beg)) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "set-cookie", value: "SESSID=", valueMethod: .beg)) == failed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "cache-control", value: "max-age=0")) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "cache-control", value: "max-age=0", fullValue: true)) == failed)
    #expect(
      verdict(HTTPCheckHeaderMatch(name: "cache-control", value: "no-cache, max-age=0", fullValue: true)) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "x-list", value: "\"a,b\"")) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "x-list", value: "b\"")) == failed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "CACHE", nameMethod: .beg, value: "age", valueMethod: .sub)) == passed)
    #expect(verdict(HTTPCheckHeaderMatch(name: "-length", nameMethod: .end, value: "0")) == passed)
    let regexes = HTTPCheckHeaderMatch(name: "^x-l.st$", nameMethod: .reg, value: "^c$", valueMethod: .reg)
    #expect(verdict(regexes) == passed)
  }

  @Test func httpBodyWaitsForTheWholeBody() {
    let expectation = CheckExpectation(.httpBody(bytes("\"status\":\"up\"")))
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n"
    #expect(evaluator.evaluate(expectation, received: bytes(head + "{\"sta"), complete: false) == .needMore)
    #expect(
      evaluator.evaluate(expectation, received: bytes(head + "{\"status\":\"up\"}"), complete: false)
        == .passed(CheckOutcome(status: .layer7OK, code: 200), stop: false))
    #expect(
      evaluator.evaluate(expectation, received: bytes(head + "{\"status\":\"no\"}"), complete: false)
        == .failed(CheckOutcome(status: .layer7InvalidResponse, code: 200, info: "HTTP content check did not match")))
    let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"sta\r\na\r\ntus\":\"up\"}\r\n"
    #expect(evaluator.evaluate(expectation, received: bytes(chunked), complete: false) == .needMore)
    #expect(
      evaluator.evaluate(expectation, received: bytes(chunked + "0\r\n\r\n"), complete: false)
        == .passed(CheckOutcome(status: .layer7OK, code: 200), stop: false))
    // haproxy 2.6: "HTTP check matched unwanted content".
    #expect(
      evaluator.evaluate(
        CheckExpectation(.httpBodyRegex("st[a]tus"), negated: true), received: bytes(head + "{\"status\":\"up\"}"),
        complete: false)
        == .failed(CheckOutcome(status: .layer7InvalidResponse, code: 200, info: "HTTP check matched unwanted content"))
    )
  }

  @Test func httpMinRecvWaitsForThatManyBytes() {
    var expectation = CheckExpectation(.httpDefault)
    expectation.minimumReceived = 64
    let head = bytes("HTTP/1.1 200 OK\r\n\r\n")
    #expect(evaluator.evaluate(expectation, received: head, complete: false) == .needMore)
    #expect(
      evaluator.evaluate(expectation, received: head, complete: true)
        == .passed(CheckOutcome(status: .layer7OK, code: 200), stop: false))
  }

  @Test func disableOn404TakesPrecedence() {
    let evaluator = ExpectEvaluator(disableOn404: true)
    #expect(
      evaluator.evaluate(
        CheckExpectation(.httpStatus([200...200])), received: bytes("HTTP/1.0 404 Not Found\r\n\r\n"), complete: false)
        == .passed(CheckOutcome(status: .layer7ConditionallyOK, code: 404, infoIfNotRunning: "Not Found"), stop: true))
  }

  @Test func headResponsesHaveNoBody() {
    let evaluator = ExpectEvaluator(headRequest: true)
    #expect(
      evaluator.evaluate(
        CheckExpectation(.httpDefault), received: bytes("HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n"),
        complete: false) == .passed(CheckOutcome(status: .layer7OK, code: 200), stop: false))
  }

  @Test func presets() {
    func preset(_ response: PresetResponse, _ received: [UInt8], complete: Bool = false) -> ExpectVerdict {
      evaluator.evaluate(CheckExpectation(.preset(response)), received: received, complete: complete)
    }
    // Outcomes recorded from haproxy 2.6.
    #expect(
      preset(.redisPong, bytes("+PONG\r\n"))
        == .passed(CheckOutcome(status: .layer7OK, info: "Redis server is ok"), stop: false))
    #expect(
      preset(.redisPong, bytes("-ERR\r\n"), complete: true)
        == .failed(CheckOutcome(status: .layer7WrongStatus, info: "-ERR")))
    #expect(
      preset(.smtpReply(last: false), bytes("-ERR\r\n"))
        == .failed(CheckOutcome(status: .layer7InvalidResponse, info: "-ERR")))
    #expect(preset(.smtpReply(last: false), bytes("220-mx\r\n")) == .needMore)
    #expect(preset(.smtpReply(last: false), bytes("220-mx\r\n220 ready\r\n")) == .passed)
    #expect(
      preset(.smtpReply(last: true), bytes("221 bye\r\n"))
        == .passed(CheckOutcome(status: .layer7OK, code: 221, info: "bye"), stop: false))
    #expect(
      preset(.smtpReply(last: false), bytes("554 no\r\n"))
        == .failed(CheckOutcome(status: .layer7WrongStatus, code: 554, info: "no")))
    #expect(
      preset(.pgsqlAuthentication, [0x52, 0, 0, 0, 8, 0, 0, 0, 0])
        == .passed(CheckOutcome(status: .layer7OK, info: "PostgreSQL server is ok"), stop: false))
    #expect(
      preset(.pgsqlAuthentication, bytes("-ERR\r\n"))
        == .failed(CheckOutcome(status: .layer7WrongStatus, info: "PostgreSQL unknown error")))
    let pgError: [UInt8] = [0x45, 0, 0, 0, 0x1A] + bytes("SFATAL\0Mno such user\0\0")
    #expect(
      preset(.pgsqlAuthentication, pgError) == .failed(CheckOutcome(status: .layer7WrongStatus, info: "no such user")))
    let handshake: [UInt8] = [11, 0, 0, 0, 10] + bytes("5.7.0\0abcd")
    #expect(
      preset(.mysqlHandshake(last: true), handshake)
        == .passed(CheckOutcome(status: .layer7OK, info: "5.7.0"), stop: true))
    #expect(preset(.mysqlHandshake(last: true), Array(handshake.prefix(8))) == .needMore)
    #expect(preset(.mysqlAuthentication, [7, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0]) == .passed)
    #expect(
      preset(.ldapBindResponse, [0x30, 0x0C, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00])
        == .passed(CheckOutcome(status: .layer7OK, info: "Success"), stop: false))
    #expect(
      preset(.ldapBindResponse, bytes("-ERR\r\n"))
        == .failed(CheckOutcome(status: .layer7InvalidResponse, info: "Not LDAPv3 protocol")))
    #expect(preset(.sslHello, [0x16, 0x03, 0x00, 0x00, 0x2A]) == .passed(CheckOutcome(status: .layer6OK), stop: false))
    #expect(preset(.sslHello, bytes("-ERR\r\n")) == .failed(CheckOutcome(status: .layer6InvalidResponse)))
  }
}
