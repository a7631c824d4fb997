/// The responses of the check presets, judged and worded as HAProxy 2.6 does (`Redis server is
/// ok`, `PostgreSQL server is ok`, the MySQL server's version, LDAP's `Success`, an SMTP
/// reply's code and text). Pure; any thread.
enum PresetEvaluator {
  static func evaluate(
    _ response: PresetResponse, expectation: CheckExpectation, received: [UInt8], complete: Bool
  ) -> ExpectVerdict {
    switch response {
    case .redisPong: redis(received, complete: complete)
    case .smtpReply(let last): smtp(received, complete: complete, last: last)
    case .pgsqlAuthentication: pgsql(received, complete: complete)
    case .mysqlHandshake(let last): mysqlHandshake(received, complete: complete, last: last)
    case .mysqlAuthentication: mysqlAuthentication(received, complete: complete)
    case .ldapBindResponse: ldap(received, complete: complete)
    case .sslHello: sslHello(received, complete: complete)
    }
  }

  /// The text up to the first CR or LF.
  static func firstLine(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
  }

  static func redis(_ received: [UInt8], complete: Bool) -> ExpectVerdict {
    let pong = Array("+PONG".utf8)
    if ExpectEvaluator.contains(received, pong) {
      return .passed(CheckOutcome(status: .layer7OK, info: "Redis server is ok"), stop: false)
    }
    guard complete else { return .needMore }
    return .failed(CheckOutcome(status: .layer7WrongStatus, info: firstLine(received)))
  }

  /// One SMTP reply: its last line is `DDD text` (continuation lines are `DDD-text`).
  static func smtp(_ received: [UInt8], complete: Bool, last: Bool) -> ExpectVerdict {
    var lineStart = 0
    while let end = received[lineStart...].firstIndex(of: 0x0A) {
      let line = Array(received[lineStart..<end])
      lineStart = end + 1
      guard line.count >= 3, line[0..<3].allSatisfy(HTTPCheckResponse.isDigit),
        line.count == 3 || [UInt8(ascii: " "), 0x0D, UInt8(ascii: "-")].contains(line[3])
      else {
        return .failed(CheckOutcome(status: .layer7InvalidResponse, info: firstLine(line)))
      }
      if line.count > 3 && line[3] == UInt8(ascii: "-") { continue }
      let code = Int(String(decoding: line[0..<3], as: UTF8.self)) ?? 0
      let text = String(firstLine(line.dropFirst(3)).drop { $0 == " " })
      guard line[0] == UInt8(ascii: "2") else {
        return .failed(CheckOutcome(status: .layer7WrongStatus, code: code, info: text))
      }
      return .passed(last ? CheckOutcome(status: .layer7OK, code: code, info: text) : nil, stop: false)
    }
    guard complete else { return .needMore }
    return .failed(CheckOutcome(status: .layer7InvalidResponse, info: firstLine(received[lineStart...])))
  }

  static func pgsql(_ received: [UInt8], complete: Bool) -> ExpectVerdict {
    guard let type = received.first else {
      return complete ? .failed(CheckOutcome(status: .layer7InvalidResponse)) : .needMore
    }
    let unknown = CheckOutcome(status: .layer7WrongStatus, info: "PostgreSQL unknown error")
    switch type {
    case UInt8(ascii: "R"):
      guard received.count >= 5 || complete else { return .needMore }
      return .passed(CheckOutcome(status: .layer7OK, info: "PostgreSQL server is ok"), stop: false)
    case UInt8(ascii: "E"):
      guard received.count >= 5 else { return complete ? .failed(unknown) : .needMore }
      let length = received[1...4].reduce(0) { $0 << 8 | Int($1) }
      guard received.count >= length + 1 || complete else { return .needMore }
      // Fields: a type byte, then a NUL-terminated value; 'M' is the message.
      var index = 5
      let end = min(received.count, length + 1)
      while index < end, received[index] != 0 {
        let field = received[index]
        let valueEnd = received[(index + 1)..<end].firstIndex(of: 0) ?? end
        if field == UInt8(ascii: "M") {
          return .failed(
            CheckOutcome(
              status: .layer7WrongStatus, info: String(decoding: received[(index + 1)..<valueEnd], as: UTF8.self)))
        }
        index = valueEnd + 1
      }
      return .failed(unknown)
    default:
      return .failed(unknown)
    }
  }

  /// A whole MySQL packet (3-byte little-endian length, sequence, payload), or nil while it is
  /// incomplete.
  static func mysqlPayload(_ received: [UInt8]) -> ArraySlice<UInt8>? {
    guard received.count >= 4 else { return nil }
    let length = Int(received[0]) | Int(received[1]) << 8 | Int(received[2]) << 16
    guard received.count >= 4 + length else { return nil }
    return received[4..<(4 + length)]
  }

  /// An error packet's message: after 0xFF, a 2-byte code, and `#` with a 5-character state.
  static func mysqlError(_ payload: ArraySlice<UInt8>) -> CheckOutcome {
    var message = payload.dropFirst(3)
    if message.first == UInt8(ascii: "#") { message = message.dropFirst(6) }
    return CheckOutcome(status: .layer7WrongStatus, info: String(decoding: message, as: UTF8.self))
  }

  static func mysqlHandshake(_ received: [UInt8], complete: Bool, last: Bool) -> ExpectVerdict {
    guard let payload = mysqlPayload(received), let first = payload.first else {
      return complete ? .failed(CheckOutcome(status: .layer7InvalidResponse)) : .needMore
    }
    if first == 0xFF { return .failed(mysqlError(payload)) }
    // Protocol version 10 (or 9, very old servers), then the server version, NUL-terminated.
    guard first == 10 || first == 9 else { return .failed(CheckOutcome(status: .layer7InvalidResponse)) }
    let version = payload.dropFirst().prefix { $0 != 0 }
    return .passed(
      CheckOutcome(status: .layer7OK, info: String(decoding: version, as: UTF8.self)), stop: last)
  }

  static func mysqlAuthentication(_ received: [UInt8], complete: Bool) -> ExpectVerdict {
    guard let payload = mysqlPayload(received), let first = payload.first else {
      return complete ? .failed(CheckOutcome(status: .layer7InvalidResponse)) : .needMore
    }
    switch first {
    case 0x00: return .passed
    case 0xFF: return .failed(mysqlError(payload))
    default: return .failed(CheckOutcome(status: .layer7InvalidResponse))
    }
  }

  /// An LDAPv3 bind response: `30 len 02 01 id 61 len 0a 01 code ...`.
  static func ldap(_ received: [UInt8], complete: Bool) -> ExpectVerdict {
    let notLDAP = CheckOutcome(status: .layer7InvalidResponse, info: "Not LDAPv3 protocol")
    guard received.count >= 2 else { return complete ? .failed(notLDAP) : .needMore }
    guard received[0] == 0x30 else { return .failed(notLDAP) }
    // The message length, short or long BER form.
    var index = 1
    var length = Int(received[1])
    if length & 0x80 != 0 {
      let count = length & 0x7F
      guard count > 0 && count <= 4 else { return .failed(notLDAP) }
      guard received.count >= 2 + count else { return complete ? .failed(notLDAP) : .needMore }
      length = received[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
      index += count
    }
    index += 1
    guard received.count >= index + length else { return complete ? .failed(notLDAP) : .needMore }
    let message = Array(received[index..<(index + length)])
    // messageID (INTEGER), then the bind response (APPLICATION 1) holding the result code.
    guard message.count >= 3, message[0] == 0x02 else { return .failed(notLDAP) }
    var cursor = 2 + Int(message[1])
    guard cursor + 1 < message.count, message[cursor] == 0x61 else { return .failed(notLDAP) }
    cursor += 2
    if message[cursor - 1] & 0x80 != 0 { cursor += Int(message[cursor - 1] & 0x7F) }
    guard cursor + 2 < message.count, message[cursor] == 0x0A, message[cursor + 1] == 0x01 else {
      return .failed(notLDAP)
    }
    guard message[cursor + 2] == 0 else {
      return .failed(
        CheckOutcome(status: .layer7WrongStatus, info: "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9"))
    }
    return .passed(CheckOutcome(status: .layer7OK, info: "Success"), stop: false)
  }

  /// A TLS record of type handshake (0x16) or alert (0x15).
  static func sslHello(_ received: [UInt8], complete: Bool) -> ExpectVerdict {
    guard received.count >= 5 || (complete && !received.isEmpty) else {
      return complete ? .failed(CheckOutcome(status: .layer6InvalidResponse)) : .needMore
    }
    guard received[0] == 0x15 || received[0] == 0x16 else {
      return .failed(CheckOutcome(status: .layer6InvalidResponse))
    }
    return .passed(CheckOutcome(status: .layer6OK), stop: false)
  }
}
