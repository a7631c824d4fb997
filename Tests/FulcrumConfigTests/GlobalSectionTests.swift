import FulcrumConfig
import FulcrumTestSupport
import Testing

/// Each family of `global` keywords lands in `GlobalSettings`, and its bad values are alerts
/// naming the keyword at its line.
@Suite struct GlobalSectionTests {
  private func global(_ body: String) -> (GlobalSettings, ConfigLoadResult) {
    let result = TestLoad.text("global\n" + body)
    return (result.configuration.global, result)
  }

  @Test func processKeywords() {
    let (global, result) = global(
      """
        maxconn 4096
        daemon
        user haproxy
        group haproxy
        uid 99
        gid 98
        chroot /var/lib/haproxy
        pidfile /run/haproxy.pid
        nbthread 4
        cpu-map 1/all 0-3
        cpu-map auto:1/1-4 0-3
        ulimit-n 65536
        spread-checks 5
        hard-stop-after 30s
        description the edge tier
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.isEmpty)
    #expect(global.maxconn == 4096)
    #expect(global.daemon)
    #expect(global.user == "haproxy" && global.group == "haproxy")
    #expect(global.uid == 99 && global.gid == 98)
    #expect(global.chroot == "/var/lib/haproxy")
    #expect(global.pidfile == "/run/haproxy.pid")
    #expect(global.nbthread == 4)
    #expect(global.cpuMap.map(\.spelling) == ["1/all 0-3", "auto:1/1-4 0-3"])
    #expect(global.cpuMap.map(\.threads) == [.max, 0b1111])
    #expect(global.cpuMap.map(\.automatic) == [false, true])
    #expect(global.ulimitN == 65536)
    #expect(global.spreadChecks == 5)
    #expect(global.hardStopAfter == TimeValue(milliseconds: 30_000))
    #expect(global.description == "the edge tier")
  }

  @Test func spreadChecksRangeIsZeroToFifty() {
    #expect(global("  spread-checks 0\n").0.spreadChecks == 0)
    #expect(global("  spread-checks 50\n").0.spreadChecks == 50)
    let (settings, result) = global("  spread-checks 51\n")
    #expect(settings.spreadChecks == nil)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : invalid value '51' for 'spread-checks': out of range; write an integer from 0 to 50"
      ])
  }

  @Test func badProcessValuesNameTheKeyword() {
    let (_, result) = global(
      """
        nbthread 0
        maxconn lots
        hard-stop-after 5x
        cpu-map 1
        daemon now
        user
      """)
    #expect(result.alertTexts.count == 6)
    #expect(result.alertTexts[0].hasPrefix("parsing [t.cfg:2] : invalid value '0' for 'nbthread': out of range"))
    #expect(result.alertTexts[1].hasPrefix("parsing [t.cfg:3] : invalid value 'lots' for 'maxconn': not an integer"))
    #expect(result.alertTexts[2].hasPrefix("parsing [t.cfg:4] : invalid time '5x' for 'hard-stop-after'"))
    #expect(result.alertTexts[3].hasPrefix("parsing [t.cfg:5] : 'cpu-map' expects a thread set and a CPU set"))
    #expect(result.alertTexts[4] == "parsing [t.cfg:6] : 'daemon' takes no argument, but found unexpected 'now'")
    #expect(result.alertTexts[5] == "parsing [t.cfg:7] : 'user' expects one value")
  }

  @Test func tlsDefaultsForBindAndServerSides() {
    let (global, result) = global(
      """
        ssl-default-bind-ciphers ECDHE+AESGCM
        ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256
        ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets
        ssl-default-server-ciphers HIGH
        ssl-default-server-options no-sslv3
        ssl-default-bind-curves X25519:P-256
        ssl-server-verify none
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(global.sslDefaultBind.ciphers == "ECDHE+AESGCM")
    #expect(global.sslDefaultBind.ciphersuites == "TLS_AES_128_GCM_SHA256")
    #expect(global.sslDefaultBind.options == ["ssl-min-ver", "TLSv1.2", "no-tls-tickets"])
    #expect(global.sslDefaultBind.curves == "X25519:P-256")
    #expect(global.sslDefaultServer.ciphers == "HIGH")
    #expect(global.sslDefaultServer.options == ["no-sslv3"])
    #expect(global.sslServerVerify == "none")
  }

  @Test func unknownTLSOptionSuggestsTheClosest() {
    let (_, result) = global("  ssl-default-bind-options no-tlsv1O\n")
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : 'ssl-default-bind-options' does not know 'no-tlsv1O'; did you mean 'no-tlsv10'?"
      ])
  }

  @Test func tuneSizesAreBytes() {
    let (global, result) = global(
      """
        tune.bufsize 32k
        tune.maxrewrite 2048
        tune.http.maxhdr 128
        tune.idletimer 1s
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(global.bufferSize == 32768)
    #expect(global.maxRewrite == 2048)
    #expect(global.tune["tune.http.maxhdr"] == 128)
    #expect(global.tune["tune.idletimer"] == 1000)
    #expect(GlobalSettings().bufferSize == 16384)
    #expect(GlobalSettings().maxRewrite == 1024)
  }

  @Test func badTuneSizesAreAlerts() {
    let (_, result) = global(
      """
        tune.bufsize 16q
        tune.bufsize 512
        tune.maxrewrite 1.5k
      """)
    #expect(result.alertTexts.count == 3)
    #expect(result.alertTexts[0].hasPrefix("parsing [t.cfg:2] : invalid size '16q' for 'tune.bufsize'"))
    #expect(
      result.alertTexts[1] == "parsing [t.cfg:3] : 'tune.bufsize' must be at least 1024 bytes (16384 is the default)")
    #expect(
      result.alertTexts[2]
        == "parsing [t.cfg:4] : invalid size '1.5k' for 'tune.maxrewrite': decimals are not allowed; write '1536' instead"
    )
  }

  @Test func statsSocketWithLevelModeAndExposeFD() {
    let (global, result) = global(
      """
        stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners
        stats socket ipv4@127.0.0.1:9999 level operator
        stats timeout 30s
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(global.statsSockets.count == 2)
    let admin = global.statsSockets[0]
    #expect(admin.spelling == "/run/haproxy/admin.sock")
    #expect(admin.socketMode == "660")
    #expect(admin.level == "admin")
    #expect(admin.exposeFD == "listeners")
    #expect(admin.location == FulcrumConfig.SourceLocation(file: "t.cfg", line: 2))
    #expect(global.statsSockets[1].level == "operator")
    #expect(global.statsTimeout == TimeValue(milliseconds: 30_000))
  }

  @Test func statsSocketRejectsUnknownLevelAndExposeFD() {
    let (global, result) = global(
      """
        stats socket /run/a.sock level superuser
        stats socket /run/b.sock expose-fd everything
        stats socket /run/c.sock levle admin
      """)
    #expect(global.statsSockets.isEmpty)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : 'stats socket' option 'level' expects 'user', 'operator' or 'admin', not 'superuser'",
        "parsing [t.cfg:3] : 'stats socket' option 'expose-fd' only accepts 'listeners', not 'everything'",
        "parsing [t.cfg:4] : 'stats socket /run/c.sock' : unknown option 'levle'; did you mean 'level'?",
      ])
  }

  @Test func masterWorker() {
    let (plain, _) = global("  master-worker\n")
    #expect(plain.masterWorker && plain.masterWorkerExitOnFailure)
    let (noExit, _) = global("  master-worker no-exit-on-failure\n")
    #expect(noExit.masterWorker && !noExit.masterWorkerExitOnFailure)
    let (_, bad) = global("  master-worker always\n")
    #expect(bad.alertTexts == ["parsing [t.cfg:2] : 'master-worker' only accepts 'no-exit-on-failure'"])
  }

  @Test func setenvFamilyChangesLaterExpansion() {
    let result = TestLoad.text(
      """
      global
        setenv NODE_A first
        presetenv NODE_A ignored
        presetenv NODE_B second
        node ${NODE_A}-${NODE_B}
        setenv NODE_A replaced
        log-tag ${NODE_A}
        unsetenv NODE_B
        description ${NODE_B-gone}
        resetenv KEEP
        pidfile /run/${KEEP}/${HOME-none}.pid
      """, environment: ["KEEP": "kept", "HOME": "/root"])
    #expect(result.alertTexts.isEmpty)
    #expect(result.warningTexts.isEmpty)
    let global = result.configuration.global
    #expect(global.node == "first-second")
    #expect(global.logTag == "replaced")
    #expect(global.description == "gone")
    #expect(global.pidfile == "/run/kept/none.pid")
    #expect(result.environment["NODE_A"] == nil)
    #expect(result.environment.variables == ["KEEP": "kept"])
  }

  @Test func presetenvKeepsTheProcessEnvironment() {
    let result = TestLoad.text("global\n  presetenv PORT 80\n  node n${PORT}\n", environment: ["PORT": "8080"])
    #expect(result.configuration.global.node == "n8080")
  }

  @Test func setenvNeedsNameAndValue() {
    let result = TestLoad.text("global\n  setenv ONLY_NAME\n  unsetenv\n")
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : 'setenv' expects a variable name and a value, e.g. 'setenv NAME value'",
        "parsing [t.cfg:3] : 'unsetenv' expects at least one variable name",
      ])
  }

  @Test func zeroWarningMakesWarningsFatal() {
    let quiet = TestLoad.text("global\n  zero-warning\n")
    #expect(quiet.configuration.global.zeroWarning)
    #expect(quiet.isValid())
    let warned = TestLoad.text("global\n  zero-warning\n  .warning check this\n")
    #expect(warned.diagnostics.warnings.map(\.description) == ["parsing [t.cfg:3] : check this"])
    #expect(!warned.isValid())
    let without = TestLoad.text("global\n  .warning check this\n")
    #expect(without.isValid())
    #expect(!without.isValid(warningsAreFatal: true))
  }

  @Test func unknownAndMisplacedGlobalKeywords() {
    let result = TestLoad.text("global\n  maxconnn 10\n  lua-load /etc/x.lua\n  option httplog\n")
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : unknown keyword 'maxconnn' in 'global' section; did you mean 'maxconn'?",
        "parsing [t.cfg:3] : 'lua-load' is not supported by Fulcrum: Lua is not supported; express the logic with ACLs and http-request rules",
        "parsing [t.cfg:4] : 'option httplog' is a proxy keyword: move it to a 'defaults', 'frontend', 'backend' or 'listen' section",
      ])
  }

  @Test func globalTakesNoName() {
    let result = TestLoad.text("global main\n  daemon\n")
    #expect(result.alertTexts == ["parsing [t.cfg:1] : 'global' takes no name, found 'main'"])
  }
}

extension GlobalSectionTests {
  @Test func h1CaseAdjustPairsAndFile() throws {
    let directory = try TemporaryDirectory()
    let file = try directory.write("names", "# bogus clients\n  content-type   Content-Type\n\nx-a\tX-A\n")
    let result = TestLoad.text(
      """
      global
        h1-case-adjust content-length Content-Length
        h1-case-adjust-file \(file)
      """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.configuration.global.h1CaseAdjust == ["content-length": "Content-Length"])
    #expect(result.configuration.global.h1CaseAdjustFile == ["content-type": "Content-Type", "x-a": "X-A"])
  }

  @Test func h1CaseAdjustMistakes() {
    let result = TestLoad.text(
      """
      global
        h1-case-adjust content-length Content-Length
        h1-case-adjust content-length Content-LENGTH
        h1-case-adjust x-a x-b
        h1-case-adjust-file /nonexistent/names
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:3] : 'h1-case-adjust': duplicate entry 'content-length'",
        "parsing [t.cfg:4] : 'h1-case-adjust': 'x-a' and 'x-b' must differ only in case",
        "parsing [t.cfg:5] : 'h1-case-adjust-file': cannot read '/nonexistent/names': check the path (relative paths start from the working directory)",
      ])
  }
}

extension GlobalSectionTests {
  /// HAProxy 2.6 global keywords for pollers, pipes, memory and limits are known: what Fulcrum
  /// always does passes quietly, what it cannot do is a warning saying so, the rest is parsed
  /// for a later milestone, and Lua/QUIC ones are refused with the reason.
  @Test func compatibilityKeywords() {
    let (global, result) = global(
      """
        nosplice
        maxpipes 1024
        noreuseport
        no-memory-trimming
        nopoll
        h1-accept-payload-with-any-method
        noepoll
        busy-polling
        set-dumpable
        unix-bind prefix /run mode 600
        maxcomprate 100
        max-spread-checks 2500
        tune.lua.maxmem 10
        cluster-secret abc
        tune.sched.low-latency on
      """)
    #expect(global.h1AcceptPayloadWithAnyMethod)
    #expect(global.tune["maxpipes"] == 1024)
    #expect(global.tune["maxcomprate"] == 100)
    #expect(global.maxSpreadChecks == TimeValue(milliseconds: 2_500))
    #expect(global.unixBind == UnixBindDefaults(prefix: "/run", mode: "600"))
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:14] : 'tune.lua.maxmem' is not supported by Fulcrum: Lua is not supported",
        "parsing [t.cfg:15] : 'cluster-secret' is not supported by Fulcrum: QUIC is not supported",
      ])
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:8] : 'noepoll' is ignored: Fulcrum's event loops always use epoll on Linux",
        "parsing [t.cfg:9] : 'busy-polling' is ignored: Fulcrum's event loops sleep in epoll_wait rather than spin",
        "parsing [t.cfg:16] : 'tune.sched.low-latency' is ignored: Fulcrum's event loops have no task classes to reorder",
      ])
  }
}

extension GlobalSectionTests {
  @Test func unixBindMistakes() {
    let (_, result) = global("  unix-bind mode\n  unix-bind owner root\n")
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : 'unix-bind' expects pairs among prefix, mode, user, uid, group and gid, e.g. 'unix-bind mode 600'",
        "parsing [t.cfg:3] : 'unix-bind' does not know 'owner'; it takes prefix, mode, user, uid, group and gid",
      ])
  }
}
