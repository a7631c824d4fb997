import FulcrumConfig
import FulcrumCore
import Testing

/// Backend-side keywords (servers, default-server layering, server-template, balancing,
/// persistence, health checks) land in `Proxy`, and their mistakes are alerts at their line.
@Suite struct BackendSectionTests {
  private func load(_ body: String) -> ConfigLoadResult { TestLoad.text(TestLoad.httpDefaults + body) }

  @Test func serverOptionsLayerOverDefaultServer() throws {
    let result = load(
      """
      backend be
        default-server inter 3s fall 3 check
        default-server rise 2
        server s1 127.0.0.1:8080 weight 10 maxconn 100 cookie a
        server s2 app.example:80 no-check inter 1s backup
        server s3 /run/app.sock send-proxy-v2 disabled
      """)
    #expect(result.alertTexts.isEmpty)
    let backend = try #require(result.proxy("be"))
    #expect(backend.defaultServer.checkInterval == TimeValue(milliseconds: 3000))
    #expect(backend.defaultServer.written == ["rise"])
    let servers = backend.servers
    #expect(servers.map(\.name) == ["s1", "s2", "s3"])
    #expect(servers[0].address == .ip(IPAddress("127.0.0.1")!, port: .fixed(8080)))
    #expect(servers[0].options.check && servers[0].options.fall == 3 && servers[0].options.rise == 2)
    #expect(servers[0].options.checkInterval == TimeValue(milliseconds: 3000))
    #expect(servers[0].options.weight == 10 && servers[0].options.maxconn == 100)
    #expect(servers[0].options.cookie == "a")
    #expect(servers[0].options.written == ["weight", "maxconn", "cookie"])
    #expect(servers[1].address == .hostName("app.example", family: nil, port: .fixed(80)))
    #expect(servers[1].resolvedAddresses == ["192.0.2.10", "192.0.2.11"])
    #expect(!servers[1].options.check && servers[1].options.backup)
    #expect(servers[1].options.checkInterval == TimeValue(milliseconds: 1000))
    #expect(servers[1].options.fall == 3)
    #expect(servers[2].address == .unixPath("/run/app.sock"))
    #expect(servers[2].options.sendProxyV2 && servers[2].options.disabled)
    #expect(servers[2].location == FulcrumConfig.SourceLocation(file: "t.cfg", line: 11))
  }

  @Test func serverLineMistakes() {
    let result = load(
      """
      backend be
        server s1 127.0.0.1:80 chek
        server s2 127.0.0.1:80 inter
        server s3
        server web/1 127.0.0.1:80
        server s4 127.0.0.1:80 weight heavy
        default-server rise 0
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : 'server be/s1' : unknown option 'chek'; did you mean 'check'?",
        "parsing [t.cfg:8] : 'server be/s2' : option 'inter' expects a value",
        "parsing [t.cfg:9] : 'server' expects an address after the server name, e.g. 'server s3 10.0.0.1:80'",
        "parsing [t.cfg:10] : character not allowed in server name 'web/1': use letters, digits, '-', '_', '.' and ':'",
        "parsing [t.cfg:11] : 'server be/s4' : invalid value 'heavy' for 'weight': not an integer; write an integer from 0 to 256",
        "parsing [t.cfg:12] : 'default-server' : invalid value '0' for 'rise': out of range; write an integer from 1 to 2147483647",
      ])
  }

  @Test func observeLayer7NeedsAnHTTPBackend() {
    // haproxy 2.6: "'server b1/s1' : 'layer7' can only be used in http proxies.", and
    // "error-limit has to be > 0".
    let result = load(
      """
      backend tcp
        mode tcp
        server s1 127.0.0.1:80 check observe layer7
        server s2 127.0.0.1:80 check observe layer4 error-limit 3 on-error sudden-death on-marked-down shutdown-sessions
      backend web
        mode http
        server s1 127.0.0.1:80 check observe layer7 on-marked-up shutdown-backup-sessions
        server s2 127.0.0.1:80 error-limit 0
        server s3 127.0.0.1:80 on-error never
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'server tcp/s1': 'observe layer7' can only be used in http proxies: use 'observe layer4' or 'mode http'",
        "parsing [t.cfg:13] : 'server web/s2' : invalid value '0' for 'error-limit': out of range; write an integer from 1 to 2147483647",
        "parsing [t.cfg:14] : 'server web/s3' : server option 'on-error' expects one of fastinter, fail-check, sudden-death, mark-down, not 'never'",
      ])
  }

  @Test func serverTemplateExpands() throws {
    let result = load(
      """
      backend be
        default-server check
        server-template web 1-3 app.example:80 weight 5
        server-template app 2 127.0.0.1:81
        server-template bad 5-2 127.0.0.1:82
        server-template none 0 127.0.0.1:83
      """)
    let backend = try #require(result.proxy("be"))
    #expect(backend.servers.map(\.name) == ["web1", "web2", "web3", "app1", "app2"])
    #expect(backend.servers.allSatisfy { $0.options.check })
    #expect(backend.servers[0].options.weight == 5)
    #expect(backend.servers[0].resolvedAddresses == ["192.0.2.10", "192.0.2.11"])
    #expect(backend.servers[4].address == .ip(IPAddress("127.0.0.1")!, port: .fixed(81)))
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:10] : 'server-template' range '5-2' is reversed: write 2-5",
        "parsing [t.cfg:11] : invalid value '0' for 'server-template': out of range; write an integer from 1 to 65535",
      ])
  }

  @Test(arguments: [
    ("roundrobin", BalanceAlgorithm.roundRobin),
    ("static-rr", .staticRoundRobin),
    ("leastconn", .leastConnections),
    ("first", .first),
    ("source", .source),
    ("url_param userid check_post 64", .urlParameter(name: "userid", checkPost: 64)),
    ("url_param sid", .urlParameter(name: "sid", checkPost: nil)),
    ("hdr(Host) use_domain_only", .header(name: "Host", useDomainOnly: true)),
    ("random", .random(draws: 2)),
    ("random(3)", .random(draws: 3)),
    ("rdp-cookie", .rdpCookie(name: "mstshash")),
    ("rdp-cookie(user)", .rdpCookie(name: "user")),
  ])
  func balanceVariants(_ spelling: String, _ expected: BalanceAlgorithm) {
    let result = load("backend be\n  balance \(spelling)\n")
    #expect(result.alertTexts.isEmpty)
    #expect(result.proxy("be")?.balance == expected)
  }

  @Test func balanceURIOptions() {
    var options = BalanceAlgorithm.URIOptions()
    options.whole = true
    options.length = 10
    options.depth = 2
    options.pathOnly = true
    let result = load("backend be\n  balance uri whole len 10 depth 2 path-only\n")
    #expect(result.proxy("be")?.balance == .uri(options))
  }

  @Test func balanceErrors() {
    let result = load(
      """
      backend be
        balance roundrobn
        balance
        balance leastconn now
        balance hash req.cookie(id)
        balance uri len
        balance random(0)
        balance hdr()
      """)
    #expect(result.alertTexts.count == 7)
    #expect(
      result.alertTexts.first
        == "parsing [t.cfg:7] : unknown balance algorithm 'roundrobn': use one of roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr(NAME), random, rdp-cookie, hash; did you mean 'roundrobin'?"
    )
    #expect(result.alertTexts[1].hasPrefix("parsing [t.cfg:8] : 'balance' expects an algorithm: roundrobin"))
    #expect(result.alertTexts[2] == "parsing [t.cfg:9] : 'balance leastconn' takes no argument, found 'now'")
    #expect(
      result.alertTexts[3].hasPrefix("parsing [t.cfg:10] : 'balance hash req.cookie(id)' needs sample expressions"))
    #expect(result.alertTexts[4] == "parsing [t.cfg:11] : 'balance uri len' expects a number")
    #expect(result.alertTexts[5].hasPrefix("parsing [t.cfg:12] : invalid value '0' for 'balance random'"))
    #expect(result.alertTexts[6] == "parsing [t.cfg:13] : 'balance hdr()' expects a header name: 'balance hdr(Host)'")
    #expect(result.proxy("be")?.balance == nil)
  }

  @Test func hashType() {
    var expected = HashType()
    expected.method = .consistent
    expected.function = .djb2
    expected.avalanche = true
    let result = load("backend be\n  hash-type consistent djb2 avalanche\nbackend b2\n  hash-type consistant\n")
    #expect(result.proxy("be")?.hashType == expected)
    #expect(result.alertTexts.count == 1)
    #expect(result.alertTexts[0].hasPrefix("parsing [t.cfg:9] : 'hash-type' expects 'map-based' or 'consistent'"))
  }

  @Test func cookiePersistence() throws {
    let result = load(
      """
      backend be
        cookie SRV insert indirect nocache httponly secure domain .example.com maxidle 30m maxlife 8h
        server s1 127.0.0.1:80 cookie s1
      backend bad
        cookie A insert rewrite
        cookie B postonly
        cookie C fresh
        cookie
      """)
    let cookie = try #require(result.proxy("be")?.cookie)
    #expect(cookie.name == "SRV" && cookie.method == .insert)
    #expect(cookie.indirect && cookie.nocache && cookie.httpOnly && cookie.secure)
    #expect(cookie.domains == [".example.com"])
    #expect(cookie.maxIdle == TimeValue(milliseconds: 1_800_000))
    #expect(cookie.maxLife == TimeValue(milliseconds: 28_800_000))
    #expect(result.alertTexts.count == 4)
    #expect(
      result.alertTexts[0] == "parsing [t.cfg:10] : 'cookie' accepts only one of 'rewrite', 'insert' and 'prefix'")
    #expect(result.alertTexts[1] == "parsing [t.cfg:11] : 'cookie' option 'postonly' only makes sense with 'insert'")
    #expect(result.alertTexts[2].hasPrefix("parsing [t.cfg:12] : 'cookie' does not know 'fresh': use rewrite"))
    #expect(result.alertTexts[3].hasPrefix("parsing [t.cfg:13] : 'cookie' expects a cookie name"))
  }

  @Test func stickTableAndStickRules() throws {
    let result = load(
      """
      backend be
        stick-table type ip size 100k expire 30m store http_req_rate(10s),conn_cur
        stick on src
        stick match req.cookie(id) table other if TRUE
        server s1 127.0.0.1:80
      backend other
        stick-table type string len 32 size 1m nopurge
      """)
    #expect(result.alertTexts.isEmpty)
    let backend = try #require(result.proxy("be"))
    let table = try #require(backend.stickTable)
    #expect(table.type == .ip && table.size == 102_400)
    #expect(table.expire == TimeValue(milliseconds: 1_800_000))
    #expect(table.store == ["http_req_rate(10s)", "conn_cur"])
    #expect(backend.stickRules.map(\.action) == ["on", "match"])
    #expect(backend.stickRules[0].arguments == ["src"])
    #expect(backend.stickRules[1].arguments == ["req.cookie(id)", "table", "other"])
    #expect(backend.stickRules[1].condition == RuleCondition(polarity: .whenTrue, terms: ["TRUE"]))
    let other = try #require(result.proxy("other")?.stickTable)
    #expect(other.type == .string && other.keyLength == 32 && other.size == 1_048_576 && other.noPurge)
  }

  @Test func stickTableMistakes() {
    let result = load(
      """
      backend be
        stick-table size 10k
        stick-table type ip size 0
        stick-table type ip size 1k store http_req_rat(10s)
        stick-table type ip size 1k peers mypeers
        stick-table type mac size 1k
        stick on
      """)
    #expect(result.alertTexts.count == 6)
    #expect(
      result.alertTexts[0]
        == "parsing [t.cfg:7] : 'stick-table' needs a 'type' (ip, ipv6, integer, string or binary)")
    #expect(result.alertTexts[1] == "parsing [t.cfg:8] : 'stick-table' needs a non-zero 'size', e.g. 'size 100k'")
    #expect(
      result.alertTexts[2]
        == "parsing [t.cfg:9] : 'stick-table store' does not know data type 'http_req_rat(10s)'; did you mean 'http_req_rate'?"
    )
    #expect(result.alertTexts[3].hasPrefix("parsing [t.cfg:10] : 'stick-table ... peers' needs a 'peers' section"))
    #expect(
      result.alertTexts[4]
        == "parsing [t.cfg:11] : 'stick-table type' expects ip, ipv6, integer, string or binary, not 'mac'")
    #expect(result.alertTexts[5] == "parsing [t.cfg:12] : 'stick on' expects a sample expression, e.g. 'stick on src'")
  }

  @Test func httpHealthChecks() throws {
    let result = load(
      """
      backend be
        option httpchk GET /health HTTP/1.1
        http-check send meth GET uri /health hdr Host example.com
        http-check expect status 200
        http-check disable-on-404
        server s1 127.0.0.1:80 check
      backend short
        option httpchk /ping
      """)
    #expect(result.alertTexts.isEmpty)
    let check = try #require(result.proxy("be")?.healthCheck)
    #expect(check.probe == .http(method: "GET", uri: "/health", version: "HTTP/1.1"))
    #expect(check.httpCheckRules.map(\.action) == ["send", "expect"])
    #expect(check.httpCheckRules[1].arguments == ["status", "200"])
    #expect(check.disableOn404)
    #expect(result.proxy("short")?.healthCheck.probe == .http(method: nil, uri: "/ping", version: nil))
  }

  @Test func tcpHealthChecks() throws {
    let result = load(
      """
      backend redis
        mode tcp
        option tcp-check
        tcp-check connect
        tcp-check send PING\\r\\n
        tcp-check expect string +PONG
        server r1 127.0.0.1:6379 check
      """)
    #expect(result.alertTexts.isEmpty)
    let check = try #require(result.proxy("redis")?.healthCheck)
    #expect(check.probe == .tcpCheck)
    #expect(check.tcpCheckRules.map(\.action) == ["connect", "send", "expect"])
    #expect(check.tcpCheckRules[1].arguments == ["PING\r\n"])
  }

  @Test func checkRuleMistakes() {
    let result = load(
      """
      backend be
        http-check expect stauts 200
        http-check expect status
        http-check send meth
        http-check send verb GET
        tcp-check expect
        tcp-check send
        option httpchk GET / HTTP/1.1 extra
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : 'http-check expect' does not know match 'stauts': use custom, fhdr, hdr, rstatus, rstring, status, string; did you mean 'status'?",
        "parsing [t.cfg:8] : 'http-check expect status' expects a pattern",
        "parsing [t.cfg:9] : 'http-check send meth' is missing its value",
        "parsing [t.cfg:10] : 'http-check send' does not know 'verb': use meth, uri, uri-lf, ver, hdr, body, body-lf or comment",
        "parsing [t.cfg:11] : 'tcp-check expect' expects a match, e.g. 'tcp-check expect string +OK'",
        "parsing [t.cfg:12] : 'tcp-check send' expects data to send",
        "parsing [t.cfg:13] : 'option httpchk' takes an optional method, URI and HTTP version, but found unexpected 'extra'",
      ])
  }

  @Test func trackedServersMustExistAndBeChecked() {
    let result = load(
      """
      backend be
        server s1 127.0.0.1:80 check
        server s2 127.0.0.1:81
        server s3 127.0.0.1:82 track s1
        server s4 127.0.0.1:83 track s2
        server s5 127.0.0.1:84 track nope/s1
        server s6 127.0.0.1:85 track be/s9
        server s7 127.0.0.1:86 track s1 check
        server s8 127.0.0.1:87 track s3
      """)
    // haproxy 2.6 -c reports the same lines (its wording, without the hints).
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:10] : 'server be/s4' : unable to use be/s2 for tracking as it does not have any check nor agent enabled: add 'check' to it",
        "parsing [t.cfg:11] : 'server be/s5' : unable to find required proxy 'nope' for tracking: 'track' names a backend or listen section, then '/' and a server",
        "parsing [t.cfg:12] : 'server be/s6' : unable to find required server 's9' for tracking in backend 'be'",
        "parsing [t.cfg:13] : 'server be/s7' : unable to enable checks and tracking at the same time: remove 'check' (it may come from 'default-server') or 'track'",
      ])
  }

  @Test func trackingLoopsAreReportedWhereTheyClose() {
    let result = load(
      """
      backend a
        server a1 127.0.0.1:80 track b/b1
        server a2 127.0.0.1:80 track a2
      backend b
        server b1 127.0.0.1:81 track c/c1
      backend c
        server c1 127.0.0.1:82 track a/a1
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'server a/a2' : unable to track a/a2 as it belongs to a tracking chain looping back to a/a2",
        "parsing [t.cfg:12] : 'server c/c1' : unable to track a/a1 as it belongs to a tracking chain looping back to c/c1",
      ])
  }

  @Test func trackNeedsTheSameDisableOn404AndAcceptsAgentsAndChains() {
    let result = load(
      """
      backend a
        option httpchk
        http-check disable-on-404
        server s1 127.0.0.1:80 check
      backend c
        server c1 127.0.0.1:81 track a/s1
      backend d
        option httpchk
        http-check disable-on-404
        server d1 127.0.0.1:81 track a/s1
        server d2 127.0.0.1:81 agent-check agent-port 9000
        server d3 127.0.0.1:81 track d2
        server d4 127.0.0.1:81 track d1
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:11] : 'server c/c1' : unable to use a/s1 for tracking: disable-on-404 option inconsistency: set 'http-check disable-on-404' in both backends or in neither"
      ])
  }

  @Test func trackNamesSplitAtTheLastSlash() {
    // haproxy 2.6 reads 'track b/c/b1' as server 'b1' of a proxy named 'b/c'.
    #expect(TrackedServerKey.split("b/c/b1", in: "x") == ("b/c", "b1"))
    #expect(TrackedServerKey.split("s1", in: "x") == ("x", "s1"))
  }
}

extension BackendSectionTests {
  @Test func sourceRedirAndMaxReuseParse() throws {
    let result = load(
      """
      backend be
        mode http
        source 192.0.2.1:2000 interface eth1
        server s1 127.0.0.1:80 source 192.0.2.2 interface lo max-reuse 3 redir http://img.example
        server s2 127.0.0.1:80 source [2001:db8::1]:0
      """)
    #expect(result.alertTexts.isEmpty)
    let backend = try #require(result.proxy("be"))
    #expect(
      backend.source == SourceBinding(address: IPAddress("192.0.2.1")!, port: 2000, interface: "eth1"))
    #expect(
      backend.servers[0].options.source == SourceBinding(address: IPAddress("192.0.2.2")!, interface: "lo"))
    #expect(backend.servers[0].options.maxReuse == 3)
    #expect(backend.servers[0].options.redirectPrefix == "http://img.example")
    #expect(backend.servers[1].options.source == SourceBinding(address: IPAddress("2001:db8::1")!))
  }

  @Test func sourceAndRedirMistakes() {
    let result = load(
      """
      backend be
        mode tcp
        source 192.0.2.1 usesrc clientip
        source 192.0.2.1:1000-2000
        source backend.example
        server s1 127.0.0.1:80 source 192.0.2.2 usesrc client
        server s2 127.0.0.1:80 interface lo
        server s3 127.0.0.1:80 redir http://x
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'usesrc' (connecting from the client's or another foreign address) needs transparent proxying, which Fulcrum does not do; remove 'usesrc ...' to connect from the 'source' address",
        "parsing [t.cfg:9] : source port range '1000-2000' in '192.0.2.1:1000-2000' for 'source' is not supported; give one port, or none to let the kernel choose one for each connection",
        "parsing [t.cfg:10] : 'backend.example' for 'source' is not an IP address; a source is bound before each connection: write an IP address such as '192.0.2.1'",
        "parsing [t.cfg:11] : 'server be/s1' : 'usesrc' (connecting from the client's or another foreign address) needs transparent proxying, which Fulcrum does not do; remove 'usesrc ...' to connect from the 'source' address",
        "parsing [t.cfg:12] : 'server be/s2' : server option 'interface' goes after 'source ADDR', e.g. 'source 0.0.0.0 interface lo'",
        "parsing [t.cfg:13] : 'server be/s3': 'redir' needs 'mode http' (a TCP connection has no request to redirect)",
      ])
  }
}

extension BackendSectionTests {
  /// The relaxed-parsing options (and independent-streams in mode http) are served in part,
  /// and say which part.
  @Test func acceptInvalidOptionsSayWhatTheyDoNotRelax() {
    let result = load(
      """
      listen web
        bind 127.0.0.1:8080
        option accept-invalid-http-request
        option accept-invalid-http-response
        no option accept-invalid-http-response
        option independent-streams
        server s1 127.0.0.1:80
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:6] : 'option independent-streams' in listen 'web': Fulcrum applies it to mode tcp sessions only; in mode http, what is sent to a side still refreshes its timeout",
        "parsing [t.cfg:8] : 'option accept-invalid-http-request': Fulcrum accepts any visible byte in header names (not whitespace, which HAProxy takes) and bytes above 0x7F in the target; HTTP/0.9 requests, other protocol names and multi-digit versions are still refused with 400",
        "parsing [t.cfg:9] : 'option accept-invalid-http-response': Fulcrum accepts any visible byte in header names (not whitespace, which HAProxy takes); multi-digit versions are still refused with 502",
      ])
  }
}
