import FulcrumConfig

/// The check presets as the scripts HAProxy 2.6 runs for them, with the bytes it sends
/// (recorded from haproxy 2.6 on the wire): `redis-check`, `smtpchk`, `pgsql-check`,
/// `mysql-check`, `ldap-check` and `ssl-hello-chk`.
extension HealthPlanBuilder {
  func presetScript(_ probe: HealthCheckSettings.Probe) throws(HealthPlanError) -> CheckScript {
    let connect = CheckStep.connect(CheckConnect())
    // HAProxy 2.6 closes these three cleanly (`connect default linger`): such servers log, or
    // with MySQL's `max_connect_errors` even block, clients that reset.
    let lingering = CheckStep.connect(CheckConnect(linger: true))
    func send(_ bytes: [UInt8]) -> CheckStep { .send(bytes, number: nil, comment: nil) }
    func expect(_ response: PresetResponse) -> CheckStep { .expect(CheckExpectation(.preset(response))) }
    let steps: [CheckStep]
    switch probe {
    case .redis:
      steps = [connect, send(Array("*1\r\n$4\r\nPING\r\n".utf8)), expect(.redisPong)]
    case .smtp(let greeting, let domain):
      let command = greeting.map { ["HELO", "EHLO"].contains($0.uppercased()) ? $0.uppercased() : "HELO" } ?? "HELO"
      let hello = "\(command) \(domain ?? "localhost")\r\n"
      steps = [
        lingering, expect(.smtpReply(last: false)), send(Array(hello.utf8)), expect(.smtpReply(last: false)),
        send(Array("QUIT\r\n".utf8)), expect(.smtpReply(last: true)),
      ]
    case .pgsql(let user):
      steps = [lingering, send(Self.pgsqlStartup(user: user)), expect(.pgsqlAuthentication)]
    case .mysql(let user?, let post41):
      steps = [
        lingering, expect(.mysqlHandshake(last: false)), send(Self.mysqlLogin(user: user, post41: post41)),
        expect(.mysqlAuthentication),
      ]
    case .mysql(nil, _):
      steps = [lingering, expect(.mysqlHandshake(last: true))]
    case .ldap:
      // An anonymous LDAPv3 simple bind, message 1.
      steps = [
        connect, send([0x30, 0x0C, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00]),
        expect(.ldapBindResponse),
      ]
    case .sslHello:
      steps = [connect, send(Self.sslClientHello(time: helloTime)), expect(.sslHello)]
    default:
      throw HealthPlanError("backend '\(backend.name)': this check type is not supported")
    }
    return CheckScript(kind: .tcpCheck, steps: steps, success: CheckOutcome(status: .layer7OK))
  }

  /// A PostgreSQL StartupMessage for protocol 3.0 with `user`.
  static func pgsqlStartup(user: String) -> [UInt8] {
    let parameters = Array("user".utf8) + [0] + Array(user.utf8) + [0, 0]
    return bigEndian32(UInt32(8 + parameters.count)) + bigEndian32(0x0003_0000) + parameters
  }

  /// A MySQL client authentication packet for `user` without a password (post-4.1 or pre-4.1
  /// format), followed by a QUIT packet.
  static func mysqlLogin(user: String, post41: Bool) -> [UInt8] {
    var payload: [UInt8]
    if post41 {
      // Capabilities (protocol 4.1, secure connection), max packet 16 MB, charset 33, filler.
      payload = [0x00, 0x82, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x21] + [UInt8](repeating: 0, count: 23)
    } else {
      // Capabilities (secure connection), max packet 16 MB on three bytes.
      payload = [0x00, 0x80, 0x00, 0x00, 0x01]
    }
    payload += Array(user.utf8) + [0, 0]
    let length = payload.count
    let header: [UInt8] = [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length >> 16), 1]
    let quit: [UInt8] = [0x01, 0x00, 0x00, 0x00, 0x01]
    return header + payload + quit
  }

  /// An SSLv3 ClientHello offering HAProxy's list of cipher suites, with the Unix time and
  /// HAProxy's marker as its random bytes.
  static func sslClientHello(time: UInt32) -> [UInt8] {
    let random = bigEndian32(time) + Array("HAPROXYSSLCHK\nHAPROXYSSLCHK\n".utf8)
    var suites: [UInt8] = []
    for suite in Array(0x0001...0x001B) + Array(0x002F...0x003A) {
      suites += [UInt8(suite >> 8), UInt8(suite & 0xFF)]
    }
    let body: [UInt8] =
      [0x03, 0x00] + random + [0x00] + [UInt8(suites.count >> 8), UInt8(suites.count & 0xFF)] + suites + [0x01, 0x00]
    let handshake: [UInt8] = [0x01, 0x00, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    return [0x16, 0x03, 0x00, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xFF)] + handshake
  }

  static func bigEndian32(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }
}
