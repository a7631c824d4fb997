import FulcrumConfig
import Testing

/// ACLs, `http-request`/`http-response`/`tcp-request` rules, `redirect` and switching rules
/// are kept in order with their conditions; unknown actions are alerts with a suggestion.
@Suite struct ProxyRuleTests {
  private func load(_ body: String) -> ConfigLoadResult { TestLoad.text(TestLoad.httpDefaults + body) }

  @Test func aclsAndRulesKeepTheirOrderAndConditions() throws {
    let result = load(
      """
      frontend fe
        bind :80
        acl is_api path_beg /api
        acl blocked src 10.0.0.0/8 192.168.0.0/16
        http-request deny if blocked
        http-request set-header X-Api 1 if is_api !blocked
        http-request set-var(txn.host) req.hdr(host)
        http-request return status 200 content-type text/plain string ok if { path /ping }
        http-response del-header Server
        http-response set-status 503 unless { res.hdr(x) -m found }
        tcp-request connection reject if { src -f /etc/blocklist }
        tcp-request content accept if { req.len gt 0 }
        tcp-request inspect-delay 5s
        use_backend api if is_api
        default_backend web
      backend api
        server a 127.0.0.1:81
      backend web
        server w 127.0.0.1:82
      """)
    #expect(result.alertTexts.isEmpty)
    let fe = try #require(result.proxy("fe"))
    #expect(fe.acls.map(\.name) == ["is_api", "blocked"])
    #expect(fe.acls[1].criterion == "src" && fe.acls[1].arguments == ["10.0.0.0/8", "192.168.0.0/16"])
    #expect(fe.acls[0].location == FulcrumConfig.SourceLocation(file: "t.cfg", line: 8))
    #expect(fe.httpRequest.map(\.action) == ["deny", "set-header", "set-var(txn.host)", "return"])
    #expect(fe.httpRequest[0].condition == RuleCondition(polarity: .whenTrue, terms: ["blocked"]))
    #expect(fe.httpRequest[1].arguments == ["X-Api", "1"])
    #expect(fe.httpRequest[1].condition?.terms == ["is_api", "!blocked"])
    #expect(fe.httpRequest[2].condition == nil)
    #expect(fe.httpRequest[3].condition?.terms == ["{", "path", "/ping", "}"])
    #expect(fe.httpResponse.map(\.action) == ["del-header", "set-status"])
    #expect(fe.httpResponse[1].condition?.polarity == .whenFalse)
    #expect(fe.tcpRequestConnection.map(\.action) == ["reject"])
    #expect(fe.tcpRequestContent.map(\.action) == ["accept"])
    #expect(fe.tcpRequestInspectDelay == TimeValue(milliseconds: 5000))
    #expect(
      fe.useBackend == [
        SwitchingRule(
          target: "api", condition: .init(polarity: .whenTrue, terms: ["is_api"]),
          location: .init(file: "t.cfg", line: 19))
      ])
    #expect(fe.defaultBackend == "web")
  }

  @Test func unknownActionsSuggestTheClosest() {
    let result = load(
      """
      frontend fe
        bind :80
        http-request set-headr X-Foo bar
        http-response set-status-code 200
        http-request lua.auth
        http-request
        http-request deny if
        tcp-request connection drop
        http-request bogus-thing
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'http-request' does not know action 'set-headr'; did you mean 'set-header'?",
        "parsing [t.cfg:9] : 'http-response' does not know action 'set-status-code'",
        "parsing [t.cfg:10] : 'http-request lua.auth': Lua actions are not supported by Fulcrum; express the rule with built-in actions",
        "parsing [t.cfg:11] : 'http-request' expects an action, e.g. 'http-request add-acl'",
        "parsing [t.cfg:12] : 'if' must be followed by a condition (ACL names or an anonymous '{ ... }' ACL)",
        "parsing [t.cfg:13] : 'tcp-request connection' does not know action 'drop'",
        "parsing [t.cfg:14] : 'http-request' does not know action 'bogus-thing'",
      ])
    #expect(result.proxy("fe")?.httpRequest.isEmpty == true)
  }

  @Test func aclNamesAndArguments() {
    let result = load(
      """
      frontend fe
        bind :80
        acl bad/name src 10.0.0.1
        acl lonely
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : ACL name 'bad/name' contains a character that is not allowed: use letters, digits, '-', '_', '.' and ':'",
        "parsing [t.cfg:9] : 'acl' expects a criterion after the ACL name, e.g. 'acl lonely path_beg /api'",
      ])
  }

  @Test func redirects() throws {
    let result = load(
      """
      frontend fe
        bind :80
        redirect scheme https code 301 if !{ ssl_fc }
        redirect prefix https://www.example.com drop-query append-slash
        redirect location /maintenance code 302 set-cookie MAINT=1
        http-request redirect location /new code 308
      frontend bad
        bind :81
        redirect to /there
        redirect location /x code 304
        redirect prefix /p keep-everything
        http-request redirect location /y code 200
      """)
    let fe = try #require(result.proxy("fe"))
    #expect(fe.redirects.map(\.action) == ["scheme", "prefix", "location"])
    #expect(fe.redirects[0].arguments == ["https", "code", "301"])
    #expect(fe.redirects[0].condition?.terms == ["!{", "ssl_fc", "}"])
    #expect(fe.httpRequest.map(\.action) == ["redirect"])
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:14] : 'redirect' expects 'location URL', 'prefix URL' or 'scheme NAME', then options and an optional condition",
        "parsing [t.cfg:15] : redirect 'code' expects 301, 302, 303, 307 or 308",
        "parsing [t.cfg:16] : redirect does not know option 'keep-everything': use code, drop-query, append-slash, set-cookie, clear-cookie, ignore-empty or keep-query",
        "parsing [t.cfg:17] : redirect 'code' expects 301, 302, 303, 307 or 308",
      ])
  }

  @Test func useServerAndPersistenceOverrides() throws {
    let result = load(
      """
      backend be
        use-server s1 if { req.hdr(x-pin) s1 }
        use-server s9 if TRUE
        force-persist if { src 10.0.0.1 }
        ignore-persist unless TRUE
        server s1 127.0.0.1:80
      """)
    let backend = try #require(result.proxy("be"))
    #expect(backend.useServer.map(\.target) == ["s1", "s9"])
    #expect(backend.forcePersist.count == 1 && backend.ignorePersist.count == 1)
    #expect(result.alertTexts == ["parsing [t.cfg:8] : use-server: backend 'be' has no server 's9'"])
  }

  @Test func rulesInTheWrongSide() {
    let result = load(
      """
      backend be
        tcp-request connection reject
        use_backend other
        server s1 127.0.0.1:80
      frontend fe
        bind :80
        tcp-response content close
        use-server s1
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : 'tcp-request connection' not allowed because backend 'be' has no frontend capability",
        "parsing [t.cfg:12] : 'tcp-response content' not allowed because frontend 'fe' has no backend capability",
        "parsing [t.cfg:13] : 'use-server' not allowed because frontend 'fe' has no backend capability",
      ])
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:8] : 'use_backend' ignored because backend 'be' has no frontend capability"
      ])
  }
}
