import FulcrumConfig
import Testing

/// A proxy starts as a copy of its defaults section: the last one before it, or the one named
/// with `from`. Its own lines override what it inherited.
@Suite struct DefaultsInheritanceTests {
  @Test func anonymousDefaultsApplyToFollowingProxies() throws {
    let result = TestLoad.text(
      """
      defaults
        mode http
        timeout connect 4s
        timeout client 30s
        timeout server 30s
        option httplog
        option dontlognull
        retries 3
        log global
      frontend fe
        bind :80
        default_backend be
      backend be
        server s1 127.0.0.1:80
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.isEmpty)
    for name in ["fe", "be"] {
      let proxy = try #require(result.proxy(name))
      #expect(proxy.mode == .http)
      #expect(proxy.timeouts.connect == TimeValue(milliseconds: 4000))
      #expect(proxy.timeouts.client == TimeValue(milliseconds: 30_000))
      #expect(proxy.flags.contains(.dontLogNull))
      #expect(proxy.logs == [.global])
      #expect(proxy.defaultsName == nil)
    }
    #expect(result.proxy("fe")?.logStyle == "httplog")
    #expect(result.proxy("be")?.retries == 3)
    #expect(result.proxy("fe")?.kind == .frontend)
  }

  @Test func aLaterDefaultsSectionReplacesTheEarlierOne() throws {
    let result = TestLoad.text(
      """
      defaults
        mode http
        timeout server 10s
        option forwardfor
      backend first
      defaults
        timeout connect 1s
      backend second
      """)
    let first = try #require(result.proxy("first"))
    let second = try #require(result.proxy("second"))
    #expect(first.mode == .http && first.timeouts.server == TimeValue(milliseconds: 10_000))
    #expect(first.forwardFor != nil)
    #expect(second.mode == .tcp)
    #expect(second.timeouts.server == nil)
    #expect(second.timeouts.connect == TimeValue(milliseconds: 1000))
    #expect(second.forwardFor == nil)
  }

  @Test func namedDefaultsWithFrom() throws {
    let result = TestLoad.text(
      """
      defaults web
        mode http
        timeout client 20s
      defaults tcp
        mode tcp
        timeout client 1h
      frontend www from web
        bind :80
      frontend db
        bind :5432
      listen api from web
        bind :81
      """)
    #expect(result.alertTexts.isEmpty)
    let www = try #require(result.proxy("www"))
    #expect(www.mode == .http && www.timeouts.client == TimeValue(milliseconds: 20_000))
    #expect(www.defaultsName == "web")
    let db = try #require(result.proxy("db"))
    #expect(db.mode == .tcp && db.timeouts.client == TimeValue(milliseconds: 3_600_000))
    #expect(db.defaultsName == "tcp")
    #expect(result.proxy("api")?.defaultsName == "web")
  }

  @Test func defaultsInheritFromNamedDefaults() throws {
    let result = TestLoad.text(
      """
      defaults base
        mode http
        timeout connect 5s
        option httplog
      defaults strict from base
        timeout connect 1s
        timeout client 10s
      frontend fe from strict
        bind :80
      """)
    #expect(result.alertTexts.isEmpty)
    let fe = try #require(result.proxy("fe"))
    #expect(fe.mode == .http)
    #expect(fe.logStyle == "httplog")
    #expect(fe.timeouts.connect == TimeValue(milliseconds: 1000))
    #expect(fe.timeouts.client == TimeValue(milliseconds: 10_000))
    #expect(fe.defaultsName == "strict")
  }

  @Test func unknownFromIsAnAlert() {
    let result = TestLoad.text(
      """
      defaults child from nowhere
        mode http
      frontend fe from missing
        bind :80
      backend be from later
      defaults later
      defaults child
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:1] : defaults section 'child' inherits from unknown defaults 'nowhere': a named 'defaults nowhere' must come before it",
        "parsing [t.cfg:3] : frontend 'fe' uses unknown defaults section 'missing': declare 'defaults missing' before it",
        "parsing [t.cfg:5] : backend 'be' uses unknown defaults section 'later': declare 'defaults later' before it",
        "parsing [t.cfg:7] : defaults section 'child' has the same name as another defaults section",
      ])
  }

  @Test func aProxyOwnSettingOverridesItsDefaults() throws {
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
          balance leastconn
          option httpchk GET /health
        backend be
          mode tcp
          timeout server 1m
          balance roundrobin
          option tcp-check
          server s1 127.0.0.1:80
        """)
    #expect(result.alertTexts.isEmpty)
    let be = try #require(result.proxy("be"))
    #expect(be.mode == .tcp)
    #expect(be.timeouts.server == TimeValue(milliseconds: 60_000))
    #expect(be.timeouts.connect == TimeValue(milliseconds: 5000))
    #expect(be.balance == .roundRobin)
    #expect(be.healthCheck.probe == .tcpCheck)
  }

  @Test func defaultServerInDefaultsAppliesToServers() throws {
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
          default-server inter 2s fall 5 check
        backend be
          default-server rise 4
          server s1 127.0.0.1:80
          server s2 127.0.0.1:81 inter 500 no-check
        """)
    #expect(result.alertTexts.isEmpty)
    let servers = try #require(result.proxy("be")?.servers)
    #expect(servers[0].options.check)
    #expect(servers[0].options.checkInterval == TimeValue(milliseconds: 2000))
    #expect(servers[0].options.fall == 5 && servers[0].options.rise == 4)
    #expect(!servers[1].options.check)
    #expect(servers[1].options.checkInterval == TimeValue(milliseconds: 500))
    #expect(servers[1].options.fall == 5)
  }

  @Test func noOptionClearsAnInheritedFlag() throws {
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
          option dontlognull
          option http-server-close
          option redispatch
          log global
        frontend fe
          bind :80
          no option dontlognull
          no option http-server-close
          no log
        backend be
          no option redispatch
          server s1 127.0.0.1:80
        backend kept
          server s1 127.0.0.1:80
        """)
    #expect(result.alertTexts.isEmpty)
    let fe = try #require(result.proxy("fe"))
    #expect(!fe.flags.contains(.dontLogNull))
    #expect(fe.httpConnectionMode == .keepAlive)
    #expect(fe.logs.isEmpty)
    #expect(result.proxy("be")?.redispatch == nil)
    let kept = try #require(result.proxy("kept"))
    #expect(kept.flags.contains(.dontLogNull))
    #expect(kept.httpConnectionMode == .serverClose)
    #expect(kept.redispatch == -1)
    #expect(kept.logs == [.global])
  }

  @Test func defaultOptionTakesTheDefaultsValueBack() throws {
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
          option dontlognull
          option http-server-close
        frontend fe
          bind :80
          no option dontlognull
          option httpclose
          option logasap
          default option dontlognull
          default option httpclose
          default option logasap
        """)
    #expect(result.alertTexts.isEmpty)
    let fe = try #require(result.proxy("fe"))
    #expect(fe.flags == [.dontLogNull])
    #expect(fe.httpConnectionMode == .serverClose)
    let bad = TestLoad.text("frontend fe\n  bind :80\n  default option httplog\n  default option dontlognull now\n")
    #expect(
      bad.alertTexts == [
        "parsing [t.cfg:3] : 'default option httplog' is not supported (only on/off options can be reset): remove the line, or set the value wanted",
        "parsing [t.cfg:4] : 'option dontlognull' takes no argument, but found unexpected 'now'",
      ])
  }

  @Test func defaultsTakeOnlyANameAndFrom() {
    let result = TestLoad.text("defaults a b\ndefaults c from\nfrontend fe extra\n  bind :80\nbackend be from\n")
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:1] : 'defaults' takes an optional name and 'from NAME', found 'b'",
        "parsing [t.cfg:2] : 'from' must be followed by the name of a defaults section",
        "parsing [t.cfg:3] : 'frontend fe' has unexpected 'extra': only 'from DEFAULTS' may follow the name",
        "parsing [t.cfg:5] : 'from' must be followed by the name of a defaults section",
      ])
  }
}
