import FulcrumConfig
import Testing

/// Frontend, backend and listen keywords about the proxy as a whole (mode, timeouts, binds,
/// options, logging, stats page, captures, compression) land in `Proxy`.
@Suite struct ProxySectionTests {
  private func load(_ body: String) -> ConfigLoadResult { TestLoad.text(TestLoad.httpDefaults + body) }

  @Test func modeAndTimeouts() throws {
    let result = load(
      """
      listen web
        mode tcp
        bind :8080
        timeout client 30s
        timeout http-request 10s
        timeout http-keep-alive 2s
        timeout tunnel 1h
        timeout queue 5s
        timeout check 2s
        timeout client-fin 1s
        timeout tarpit 3s
        timeout connect 100
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.isEmpty)
    let proxy = try #require(result.proxy("web"))
    #expect(proxy.kind == .listen)
    #expect(proxy.mode == .tcp)
    #expect(proxy.timeouts.client == TimeValue(milliseconds: 30_000))
    #expect(proxy.timeouts.httpRequest == TimeValue(milliseconds: 10_000))
    #expect(proxy.timeouts.httpKeepAlive == TimeValue(milliseconds: 2000))
    #expect(proxy.timeouts.tunnel == TimeValue(milliseconds: 3_600_000))
    #expect(proxy.timeouts.queue == TimeValue(milliseconds: 5000))
    #expect(proxy.timeouts.check == TimeValue(milliseconds: 2000))
    #expect(proxy.timeouts.clientFin == TimeValue(milliseconds: 1000))
    #expect(proxy.timeouts.tarpit == TimeValue(milliseconds: 3000))
    #expect(proxy.timeouts.connect == TimeValue(milliseconds: 100))
    #expect(proxy.timeouts.server == TimeValue(milliseconds: 5000))
  }

  @Test func badModesAndTimeouts() {
    let result = load(
      """
      frontend fe
        bind :80
        mode health
        mode ftp
        timeout clinet 5s
        timeout client 5 s
        timeout
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'mode health' was removed from HAProxy in 2.4: use 'monitor-uri' in a 'mode http' frontend",
        "parsing [t.cfg:9] : unknown proxy mode 'ftp': use 'mode tcp' or 'mode http'",
        "parsing [t.cfg:10] : unknown 'timeout' keyword 'clinet' in 'frontend' section; did you mean 'client'?",
        "parsing [t.cfg:11] : 'timeout client' takes a time (e.g. 5s, 30000 for milliseconds), but found unexpected 's'",
        "parsing [t.cfg:12] : 'timeout' expects one of: check, client, client-fin, client-hs, connect, http-keep-alive, http-request, queue, server, server-fin, tarpit, tunnel",
      ])
  }

  @Test func bindLinesWithOptions() throws {
    let result = load(
      """
      frontend fe
        bind :80
        bind 127.0.0.1:443,[::1]:8443 ssl crt /etc/ssl/site.pem crt /etc/ssl/other.pem alpn h2,http/1.1 name https
        bind localhost:8000-8002 accept-proxy maxconn 500 backlog 64 v4v6 defer-accept
        bind unix@/run/fe.sock mode 600 user haproxy group proxy
        bind fd@3 thread 1-2
        default_backend be
      backend be
        server s1 127.0.0.1:80
      """)
    #expect(result.alertTexts.isEmpty)
    let binds = try #require(result.proxy("fe")?.binds)
    #expect(binds.count == 5)
    #expect(binds[0].spelling == ":80")
    #expect(binds[0].addresses.map(\.description) == ["0.0.0.0:80"])
    #expect(binds[1].addresses.map(\.description) == ["127.0.0.1:443", "[::1]:8443"])
    #expect(binds[1].ssl)
    #expect(binds[1].certificates == ["/etc/ssl/site.pem", "/etc/ssl/other.pem"])
    #expect(binds[1].alpn == "h2,http/1.1")
    #expect(binds[1].name == "https")
    #expect(binds[1].written == ["ssl", "crt", "crt", "alpn", "name"])
    #expect(binds[2].addresses.map(\.description) == ["127.0.0.1:8000-8002"])
    #expect(binds[2].acceptProxy && binds[2].v4v6 && binds[2].deferAccept)
    #expect(binds[2].maxconn == 500 && binds[2].backlog == 64)
    #expect(binds[3].addresses.map(\.description) == ["/run/fe.sock"])
    #expect(binds[3].socketMode == "600" && binds[3].socketUser == "haproxy" && binds[3].socketGroup == "proxy")
    #expect(binds[4].thread == "1-2")
    #expect(binds[4].location == FulcrumConfig.SourceLocation(file: "t.cfg", line: 11))
  }

  @Test func badBindOptions() {
    let result = load(
      """
      frontend fe
        bind :80 naem web
        bind :81 process 1
        bind :82 crt
        bind :83 verify sometimes
        bind
        bind unix@/run/a.sock mode 999
        bind unix@/run/b.sock mode 0660x
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : 'bind :80' : unknown option 'naem'; did you mean 'name'?",
        "parsing [t.cfg:8] : 'bind :81' : option 'process' was removed with multi-process mode (HAProxy 2.5): remove it, or use 'thread' to pin a listener",
        "parsing [t.cfg:9] : 'bind :82' : option 'crt' expects a value",
        "parsing [t.cfg:10] : 'bind :83' : option 'verify' expects 'none', 'optional' or 'required', not 'sometimes'",
        "parsing [t.cfg:11] : 'bind' expects an address list, e.g. ':80', '*:443' or 'unix@/run/fe.sock'",
        "parsing [t.cfg:12] : 'bind unix@/run/a.sock' : 'mode' : missing or invalid mode '999' (octal integer expected)",
        "parsing [t.cfg:13] : 'bind unix@/run/b.sock' : 'mode' : missing or invalid mode '0660x' (octal integer expected)",
      ])
  }

  @Test func listenerOptionsTheDataPlaneServesDrawNoPendingWarning() {
    let result = load(
      """
      frontend fe
        bind [::1]:80 accept-proxy v6only backlog 10
        bind :81 v4v6
        bind unix@/run/fe.sock mode 600 user haproxy uid 0 group proxy gid 0
        default_backend be
      backend be
        server s1 127.0.0.1:80 send-proxy no-send-proxy send-proxy-v2 no-send-proxy-v2
      """)
    let pending = result.diagnostics.warnings.map(\.description).filter { $0.contains("not yet acted on") }
    for option in ["accept-proxy", "v6only", "v4v6", "backlog", "mode", "user", "uid", "group", "gid", "send-proxy"] {
      #expect(!pending.contains { $0.contains("... \(option)'") }, "\(pending)")
    }
  }

  @Test func optionFlagsAndNegation() throws {
    let result = load(
      """
      frontend fe
        bind :80
        option dontlognull
        option http-buffer-request
        option httplog
        option http-server-close
        option http-ignore-probes
        no option http-ignore-probes
        option contstats
      """)
    #expect(result.alertTexts.isEmpty)
    let proxy = try #require(result.proxy("fe"))
    #expect(proxy.flags == [.dontLogNull, .httpBufferRequest, .continuousStats])
    #expect(proxy.logStyle == "httplog")
    #expect(proxy.httpConnectionMode == .serverClose)
  }

  @Test func optionMistakes() throws {
    let result = load(
      """
      frontend fe
        bind :80
        option dontlognul
        option httplog json
        no option httplog
        no balance
        option
        option dontlognull now
      """)
    let alerts = result.alertTexts
    try #require(alerts.count == 6, "\(alerts)")
    #expect(
      alerts.prefix(4) == [
        "parsing [t.cfg:8] : unknown 'option' keyword 'dontlognul' in 'frontend' section; did you mean 'dontlognull'?",
        "parsing [t.cfg:9] : 'option httplog' only accepts 'clf'",
        "parsing [t.cfg:10] : 'no option httplog' is not supported (only on/off options can be negated): remove the line, or set the value wanted",
        "parsing [t.cfg:11] : 'no' only negates 'option NAME' and 'log', not 'balance'",
      ])
    #expect(
      alerts[4].hasPrefix("parsing [t.cfg:12] : 'option' expects one of: abortonclose, accept-invalid-http-request"))
    #expect(alerts[5] == "parsing [t.cfg:13] : 'option dontlognull' takes no argument, but found unexpected 'now'")
  }

  @Test func forwardforExceptHeaderIfNone() throws {
    let result = load(
      """
      frontend fe
        bind :80
        option forwardfor except 127.0.0.0/8 header X-Real-IP if-none
        option originalto header X-Orig-Dst
        default_backend be
      backend be
        option forwardfor
        server s1 127.0.0.1:80
      frontend bad
        bind :81
        option forwardfor unless 10.0.0.0/8
        option forwardfor header
        option originalto if-none
      """)
    let fe = try #require(result.proxy("fe"))
    #expect(fe.forwardFor?.except == "127.0.0.0/8")
    #expect(fe.forwardFor?.header == "X-Real-IP")
    #expect(fe.forwardFor?.ifNone == true)
    #expect(fe.originalTo?.header == "X-Orig-Dst")
    #expect(result.proxy("be")?.forwardFor == ForwardedHeader(header: "X-Forwarded-For"))
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:16] : 'option forwardfor' does not know 'unless': use 'except NETWORK', 'header NAME' or 'if-none'",
        "parsing [t.cfg:17] : 'option forwardfor header' expects a header name",
        "parsing [t.cfg:18] : 'option originalto' does not know 'if-none': use 'except NETWORK', 'header NAME'",
      ])
  }

  @Test func logTargetsNoLogAndFormats() throws {
    let result = load(
      """
      frontend fe
        bind :80
        log global
        log 127.0.0.1:514 len 2048 format rfc5424 local0 info notice
        log-format "%ci:%cp [%t] %ft"
        log-tag web
      frontend quiet
        bind :81
        log global
        no log
      frontend bad
        bind :82
        log 127.0.0.1:514 local9
        log /dev/log local0 loud
        log-format %ci %cp
      """)
    let fe = try #require(result.proxy("fe"))
    var destination = LogTarget.Destination(address: "127.0.0.1:514", facility: "local0")
    destination.maxLength = 2048
    destination.format = "rfc5424"
    destination.level = "info"
    destination.minimumLevel = "notice"
    #expect(fe.logs == [.global, .target(destination)])
    #expect(fe.logFormat == "%ci:%cp [%t] %ft")
    #expect(fe.logTag == "web")
    #expect(result.proxy("quiet")?.logs == [])
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:18] : unknown log facility 'local9'; did you mean 'local0'?",
        "parsing [t.cfg:19] : unknown log level 'loud'",
      ])
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:20] : 'log-format' has several words; they are joined with spaces. Quote the format to make this explicit"
      ])
    #expect(result.proxy("bad")?.logFormat == "%ci %cp")
  }

  @Test func statsPage() throws {
    let result = load(
      """
      listen stats
        bind :8404
        stats enable
        stats uri /haproxy?stats
        stats realm Fulcrum\\ Statistics
        stats auth admin:secret
        stats auth ops:other
        stats refresh 10s
        stats hide-version
        stats show-legends
        stats admin if TRUE
        stats scope .
      """)
    #expect(result.alertTexts.isEmpty)
    let stats = try #require(result.proxy("stats")?.stats)
    #expect(stats.enabled)
    #expect(stats.uri == "/haproxy?stats")
    #expect(stats.realm == "Fulcrum Statistics")
    #expect(stats.credentials == ["admin:secret", "ops:other"])
    #expect(stats.refresh == TimeValue(milliseconds: 10_000))
    #expect(stats.hideVersion && stats.showLegends)
    #expect(stats.adminRules == [RuleCondition(polarity: .whenTrue, terms: ["TRUE"])])
    #expect(stats.scopes == ["."])
  }

  @Test func statsMistakes() {
    let result = load(
      """
      listen stats
        bind :8404
        stats auth admin
        stats refresh soon
        stats admin
        stats enabled
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : 'stats auth' expects 'user:password'",
        "parsing [t.cfg:9] : invalid time 'soon' for 'stats refresh': unexpected character 's'; write an integer with an optional unit: us, ms, s, m, h or d (without a unit: ms), e.g. '5s'",
        "parsing [t.cfg:10] : 'stats admin' expects 'if' or 'unless' and a condition",
        "parsing [t.cfg:11] : unknown 'stats' keyword 'enabled' in 'listen' section; did you mean 'enable'?",
      ])
  }

  @Test func captures() throws {
    let result = load(
      """
      frontend fe
        bind :80
        capture request header Host len 64
        capture response header Content-Type len 32
        capture cookie SESSION len 40
        declare capture request len 100
        capture request header User-Agent
        capture cookie X len 0
      """)
    let captures = try #require(result.proxy("fe")?.captures)
    #expect(
      captures == [
        Capture(kind: .requestHeader, name: "Host", length: 64),
        Capture(kind: .responseHeader, name: "Content-Type", length: 32),
        Capture(kind: .cookie, name: "SESSION", length: 40),
        Capture(kind: .declaredRequest, name: "", length: 100),
      ])
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:12] : 'capture request header' expects 'HEADER len LENGTH', e.g. 'capture request header Host len 64'",
        "parsing [t.cfg:13] : invalid value '0' for 'capture cookie': out of range; write an integer from 1 to 65535",
      ])
  }

  @Test func compression() throws {
    let result = load(
      """
      backend be
        compression algo gzip deflate
        compression type text/html application/json
        compression offload
        server s1 127.0.0.1:80
      backend bad
        compression algo brotli
        compression direction sideways
      """)
    let compression = try #require(result.proxy("be")?.compression)
    #expect(compression.algorithms == ["gzip", "deflate"])
    #expect(compression.types == ["text/html", "application/json"])
    #expect(compression.offload)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:12] : unknown compression algorithm 'brotli': use gzip, deflate, raw-deflate or identity",
        "parsing [t.cfg:13] : 'compression direction' expects 'request', 'response' or 'both'",
      ])
  }

  @Test func descriptionIdAndLimits() throws {
    let result = load(
      """
      listen app
        bind :80
        description the main app
        id 42
        maxconn 2000
        backlog 1024
        fullconn 500
        retries 3
        retry-on conn-failure 503
        http-reuse safe
        disabled
        server s1 127.0.0.1:80
      """)
    #expect(result.alertTexts.isEmpty)
    let proxy = try #require(result.proxy("app"))
    #expect(proxy.description == "the main app")
    #expect(proxy.identifier == 42)
    #expect(proxy.maxconn == 2000 && proxy.backlog == 1024 && proxy.fullconn == 500)
    #expect(proxy.retries == 3)
    #expect(proxy.retryOn == ["conn-failure", "503"])
    #expect(proxy.httpReuse == .safe)
    #expect(proxy.disabled)
    let bad = load("backend be\n  retry-on conn-failur\n  http-reuse sometimes\n")
    #expect(
      bad.alertTexts == [
        "parsing [t.cfg:7] : 'retry-on' does not know 'conn-failur': use conn-failure, empty-response, junk-response, response-timeout, 0rtt-rejected, a status code, all-retryable-errors or none; did you mean 'conn-failure'?",
        "parsing [t.cfg:8] : 'http-reuse' expects 'never', 'safe', 'aggressive' or 'always', not 'sometimes'",
      ])
  }

  /// TCP keep-alive and `nolinger` are acted on (no warning); the tuning counts in seconds by
  /// default, each side in its own section kinds.
  @Test func tcpKeepAliveAndNoLinger() throws {
    let result = load(
      """
      listen web
        bind :8080
        option tcpka
        option nolinger
        clitcpka-cnt 4
        clitcpka-idle 30
        clitcpka-intvl 1500ms
        srvtcpka-idle 2m
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.isEmpty)
    let proxy = try #require(result.proxy("web"))
    #expect(proxy.flags.isSuperset(of: [.tcpKeepAlive, .noLinger]))
    #expect(
      proxy.clientKeepAlive
        == TCPKeepAliveTuning(count: 4, idle: TimeValue(milliseconds: 30_000), interval: TimeValue(milliseconds: 2000)))
    #expect(proxy.serverKeepAlive == TCPKeepAliveTuning(idle: TimeValue(milliseconds: 120_000)))
    let bad = load(
      """
      frontend fe
        bind :80
        clitcpka-idle 0
        clitcpka-cnt 0
        srvtcpka-intvl 5
      """)
    #expect(bad.alertTexts.contains { $0.contains("'clitcpka-idle' must be at least 1 second") })
    #expect(bad.alertTexts.contains { $0.contains("'clitcpka-cnt'") })
    #expect(bad.warningTexts.contains { $0.contains("'srvtcpka-intvl' ignored because frontend 'fe' has no backend") })
  }
}
