import FulcrumConfig
import FulcrumCore
import Testing

/// Every keyword HAProxy removed that old configurations still carry is stored as its modern
/// equivalent, with a warning at its line that names the replacement.
@Suite struct LegacyKeywordTests {
  private func load(_ body: String) -> ConfigLoadResult { TestLoad.text(TestLoad.httpDefaults + body) }

  /// The only warning of `result` (besides "not yet acted on"), which must be at `line`.
  private func warning(_ result: ConfigLoadResult, line: Int) -> String {
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.count == 1, "\(result.warningTexts)")
    let text = result.warningTexts.first ?? ""
    #expect(text.hasPrefix("parsing [t.cfg:\(line)] : "), "\(text)")
    return text
  }

  /// The rules a legacy keyword adds to: requests or responses.
  private func rules(_ proxy: Proxy?, response: Bool) -> [RuleStatement] {
    (response ? proxy?.httpResponse : proxy?.httpRequest) ?? []
  }

  @Test(arguments: [
    ("contimeout", "timeout connect"), ("clitimeout", "timeout client"), ("srvtimeout", "timeout server"),
  ])
  func renamedTimeouts(_ keyword: String, _ modern: String) throws {
    let result = TestLoad.text("defaults\n  \(keyword) 25s\n")
    let text = warning(result, line: 2)
    #expect(text.contains("'\(keyword)' was removed"))
    #expect(text.contains("'\(modern) 25s'"))
    let loaded = TestLoad.text("defaults\n  \(keyword) 25s\nlisten app\n  bind :80\n  server s 127.0.0.1:1\n")
    let timeouts = try #require(loaded.proxy("app")?.timeouts)
    let field = ["timeout connect": timeouts.connect, "timeout client": timeouts.client][modern] ?? timeouts.server
    #expect(field == TimeValue(milliseconds: 25_000))
    let bad = TestLoad.text("defaults\n  \(keyword) 25x\n")
    #expect(bad.alertTexts.first?.hasPrefix("parsing [t.cfg:2] : invalid time '25x' for '\(keyword)'") == true)
  }

  @Test func bareRedispatch() {
    let result = load("backend be\n  redispatch\n")
    #expect(warning(result, line: 7).contains("treated as 'option redispatch'"))
    #expect(result.proxy("be")?.redispatch == -1)
  }

  @Test func listenWithAddressCreatesABind() throws {
    let result = load("listen old 127.0.0.1:8000\n  server s1 127.0.0.1:80\n")
    let text = warning(result, line: 6)
    #expect(text.contains("treated as 'bind 127.0.0.1:8000'"))
    let binds = try #require(result.proxy("old")?.binds)
    #expect(binds.map(\.spelling) == ["127.0.0.1:8000"])
    #expect(binds[0].addresses.map(\.description) == ["127.0.0.1:8000"])
    let bad = load("listen old :99999\n  bind :80\n")
    #expect(bad.alertTexts.count == 1)
    #expect(bad.alertTexts.first?.hasPrefix("parsing [t.cfg:6] : 'listen old :99999' : invalid port '99999'") == true)
  }

  @Test(arguments: [("reqadd", false, "http-request"), ("rspadd", true, "http-response")])
  func headerAdd(_ keyword: String, _ response: Bool, _ modern: String) throws {
    let result = load("frontend fe\n  bind :80\n  \(keyword) X-Via:\\ fulcrum if TRUE\n")
    #expect(warning(result, line: 8).contains("treated as '\(modern) add-header X-Via fulcrum'"))
    let rule = try #require(rules(result.proxy("fe"), response: response).first)
    #expect(rule.action == "add-header")
    #expect(rule.arguments == ["X-Via", "fulcrum"])
    #expect(rule.condition == RuleCondition(polarity: .whenTrue, terms: ["TRUE"]))
    let bad = load("frontend fe\n  bind :80\n  \(keyword) no-colon\n")
    #expect(bad.alertTexts.first?.contains("write '\(modern) add-header X-Name value'") == true)
  }

  @Test(arguments: [
    ("reqdel", "^X-Forwarded-For:.*", false, "http-request", "X-Forwarded-For"),
    ("reqidel", "^cookie:", false, "http-request", "cookie"),
    ("rspdel", "^Server:", true, "http-response", "Server"),
    ("rspidel", "^X-Powered-By:\\ *.*", true, "http-response", "X-Powered-By"),
  ])
  func headerDeleteBecomesDelHeader(
    _ keyword: String, _ regex: String, _ response: Bool, _ modern: String, _ header: String
  ) throws {
    let result = load("backend be\n  \(keyword) \(regex)\n")
    #expect(warning(result, line: 7).contains("treated as '\(modern) del-header \(header)'"))
    let rule = try #require(rules(result.proxy("be"), response: response).first)
    #expect(rule.action == "del-header" && rule.arguments == [header])
  }

  @Test func deleteOfOtherLinesKeepsTheLegacyMeaning() throws {
    let result = load("backend be\n  reqidel ^GET\\ /private\n  rspdel ^X-Debug:\\ on\n")
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.count == 2)
    #expect(
      result.warningTexts[0].contains("kept as a legacy rule deleting every request line matching '^GET /private'"))
    #expect(result.warningTexts[0].contains("'http-request del-header NAME'"))
    #expect(result.warningTexts[1].contains("deleting every response line matching '^X-Debug: on'"))
    let be = try #require(result.proxy("be"))
    #expect(be.httpRequest.map(\.action) == ["legacy-delete-lines"])
    #expect(be.httpRequest[0].arguments == ["-i", "^GET /private"])
    #expect(be.httpResponse.map(\.action) == ["legacy-delete-lines"])
    #expect(be.httpResponse[0].arguments == ["^X-Debug: on"])
  }

  @Test func headerReplaceBecomesReplaceHeader() throws {
    let result = load(
      """
      backend be
        reqrep ^Host:\\ (.*) Host:\\ new.\\1
        rspirep ^Location:\\ http://(.*)\\$ Location:\\ https://\\1
        reqrep ^X-Empty:.* X-Empty:
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.count == 3)
    #expect(result.warningTexts[0].contains("treated as 'http-request replace-header Host ^(.*) new.\\1'"))
    #expect(
      result.warningTexts[1].contains(
        "treated as 'http-response replace-header Location (?i)^http://(.*)$ https://\\1'"))
    let be = try #require(result.proxy("be"))
    #expect(be.httpRequest[0].action == "replace-header")
    #expect(be.httpRequest[0].arguments == ["Host", "^(.*)", "new.\\1"])
    #expect(be.httpResponse[0].arguments == ["Location", "(?i)^http://(.*)$", "https://\\1"])
    #expect(be.httpRequest[1].arguments == ["X-Empty", "^.*", ""])
  }

  @Test func replaceOfOtherLinesKeepsTheLegacyMeaning() throws {
    let result = load(
      """
      backend be
        reqirep ^([^\\ ]*)\\ /old/(.*) \\1\\ /new/\\2
        rsprep ^HTTP/1.1\\ 302 HTTP/1.1\\ 301
        rsprep ^Location:\\ http:// Location:\\ https://
        reqrep ^Host:\\ a Cookie:\\ b
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.count == 4)
    #expect(result.warningTexts[0].contains("kept as a legacy rule rewriting every request line that matches"))
    #expect(result.warningTexts[0].contains("'http-request replace-path', 'http-request replace-uri'"))
    #expect(result.warningTexts[1].contains("rewriting every response line that matches '^HTTP/1.1 302'"))
    #expect(result.warningTexts[1].contains("'http-response set-status'"))
    let be = try #require(result.proxy("be"))
    #expect(be.httpRequest.map(\.action) == ["legacy-replace-lines", "legacy-replace-lines"])
    #expect(be.httpRequest[0].arguments == ["-i", "^([^ ]*) /old/(.*)", "\\1 /new/\\2"])
    // A regex that stops before the end of the value replaced only its match in 1.x, which
    // replace-header (it replaces the whole value) would not do.
    #expect(be.httpResponse.map(\.action) == ["legacy-replace-lines", "legacy-replace-lines"])
    #expect(be.httpResponse[1].arguments == ["^Location: http://", "Location: https://"])
  }

  @Test func headerFiltersBecomeConditions() throws {
    let result = load(
      """
      frontend fe
        bind :80
        reqallow ^Host:\\ www\\.example\\.com
        reqideny ^User-Agent:.*bot
        reqtarpit ^GET\\ /admin if { src 10.0.0.0/8 }
        rspdeny ^Server:\\ bad
        reqdeny ^X-Debug: unless TRUE
      """)
    #expect(result.warningTexts.count == 4)
    #expect(
      result.warningTexts[0].contains(
        "treated as 'http-request allow if { req.fhdr(Host) -m reg ^www\\.example\\.com }'"))
    #expect(
      result.warningTexts[2].contains(
        "treated as 'http-request tarpit if { legacy.req_lines -m reg ^GET /admin }' combined with its condition"))
    #expect(result.warningTexts[3].contains("'http-response deny if { res.fhdr(Server) -m reg ^bad }'"))
    let fe = try #require(result.proxy("fe"))
    #expect(fe.httpRequest.map(\.action) == ["allow", "deny", "tarpit"])
    #expect(fe.httpRequest[1].condition?.terms == ["{", "req.fhdr(User-Agent)", "-m", "reg", "-i", "^.*bot", "}"])
    #expect(
      fe.httpRequest[2].condition?.terms
        == ["{", "legacy.req_lines", "-m", "reg", "^GET /admin", "}", "{", "src", "10.0.0.0/8", "}"])
    #expect(fe.httpResponse.map(\.action) == ["deny"])
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:12] : 'reqdeny ... unless COND' cannot be mapped automatically; write 'http-request deny if { req.fhdr(X-Debug) -m reg ^.* } !COND'"
      ])
  }

  @Test(arguments: [
    ("reqallow", "allow", false, false), ("reqiallow", "allow", false, true),
    ("reqdeny", "deny", false, false), ("reqideny", "deny", false, true),
    ("reqtarpit", "tarpit", false, false), ("reqitarpit", "tarpit", false, true),
    ("rspdeny", "deny", true, false), ("rspideny", "deny", true, true),
  ])
  func everyHeaderFilter(_ keyword: String, _ action: String, _ response: Bool, _ caseInsensitive: Bool) throws {
    let result = load("frontend fe\n  bind :80\n  \(keyword) ^X-Test:\\ yes\n")
    let modern = response ? "http-response" : "http-request"
    let fetch = response ? "res.fhdr(X-Test)" : "req.fhdr(X-Test)"
    let terms = ["{", fetch, "-m", "reg"] + (caseInsensitive ? ["-i"] : []) + ["^yes", "}"]
    #expect(warning(result, line: 8).contains("treated as '\(modern) \(action) if \(terms.joined(separator: " "))'"))
    let rule = try #require(rules(result.proxy("fe"), response: response).first)
    #expect(rule.action == action)
    #expect(rule.condition == RuleCondition(polarity: .whenTrue, terms: terms))
  }

  @Test(arguments: [
    ("reqrep", false, false), ("reqirep", false, true), ("rsprep", true, false), ("rspirep", true, true),
  ])
  func everyHeaderReplace(_ keyword: String, _ response: Bool, _ caseInsensitive: Bool) throws {
    let result = load("backend be\n  \(keyword) ^X-Id:\\ (.*) X-Id:\\ id-\\1\n")
    let regex = (caseInsensitive ? "(?i)" : "") + "^(.*)"
    let modern = response ? "http-response" : "http-request"
    #expect(warning(result, line: 7).contains("treated as '\(modern) replace-header X-Id \(regex) id-\\1'"))
    let rule = try #require(rules(result.proxy("be"), response: response).first)
    #expect(rule.action == "replace-header")
    #expect(rule.arguments == ["X-Id", regex, "id-\\1"])
  }

  @Test func blockBecomesDeny() throws {
    let result = load("frontend fe\n  bind :80\n  block if { src 10.0.0.1 }\n")
    #expect(warning(result, line: 8).contains("treated as 'http-request deny if ...'"))
    let rule = try #require(result.proxy("fe")?.httpRequest.first)
    #expect(rule.action == "deny")
    #expect(rule.condition?.terms == ["{", "src", "10.0.0.1", "}"])
    let bare = load("frontend fe\n  bind :80\n  block\n")
    #expect(bare.alertTexts == ["parsing [t.cfg:8] : 'block' expects 'if' or 'unless' and a condition"])
  }

  @Test func monitorNet() {
    let result = load("frontend fe\n  bind :80\n  monitor-net 10.0.0.0/8\n")
    let text = warning(result, line: 8)
    #expect(text.contains("'http-request return status 200 if { src 10.0.0.0/8 }'"))
    #expect(text.contains("'tcp-request connection reject if { src 10.0.0.0/8 }'"))
    #expect(result.diagnostics.warnings.allSatisfy { !$0.description.contains("not yet acted on") })
    // The last one counts, as in HAProxy 2.0.
    let twice = load("frontend fe\n  bind :80\n  monitor-net 10.0.0.0/8\n  monitor-net 192.168.0.252/31\n")
    let network = twice.proxy("fe")?.monitorNetwork
    #expect(network?.description == "192.168.0.252/31")
    #expect(network?.contains(.v4(IPv4Address(192, 168, 0, 253))) == true)
    #expect(network?.contains(.v4(IPv4Address(192, 168, 0, 254))) == false)
    for bad in ["example.com", "::1", "10.0.0.0/33"] {
      let refused = load("frontend fe\n  bind :80\n  monitor-net \(bad)\n")
      #expect(refused.alertTexts.first?.contains("'monitor-net' expects an IPv4 address or network") == true, "\(bad)")
    }
  }

  @Test func removedHTTPOptions() {
    let forceclose = load("frontend fe\n  bind :80\n  option forceclose\n")
    #expect(warning(forceclose, line: 8).contains("treated as 'option httpclose'"))
    #expect(forceclose.proxy("fe")?.httpConnectionMode == .close)
    let tunnel = load("frontend fe\n  bind :80\n  option httpclose\n  option http-tunnel\n")
    #expect(warning(tunnel, line: 9).contains("'option http-keep-alive'"))
    #expect(tunnel.proxy("fe")?.httpConnectionMode == .keepAlive)
  }

  @Test func nbprocBecomesNbthread() {
    let result = TestLoad.text("global\n  nbproc 4\n")
    #expect(warning(result, line: 2).contains("treated as 'nbthread 4'"))
    #expect(result.configuration.global.nbthread == 4)
    let explicit = TestLoad.text("global\n  nbthread 2\n  nbproc 4\n")
    #expect(explicit.configuration.global.nbthread == 2)
  }

  @Test func appsessionIsAnAlertNamingItsReplacements() {
    let result = load("backend be\n  appsession JSESSIONID len 52 timeout 3h\n")
    #expect(result.alertTexts.count == 1)
    let text = result.alertTexts.first ?? ""
    #expect(text.hasPrefix("parsing [t.cfg:7] : 'appsession' was removed from HAProxy in 1.6"))
    #expect(text.contains("'cookie NAME insert indirect nocache'"))
    #expect(text.contains("'stick-table type string len 64 ...'"))
    #expect(text.contains("'stick on req.cookie(NAME)'"))
  }
}
