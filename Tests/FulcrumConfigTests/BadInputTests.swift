import Foundation
import FulcrumConfig
import FulcrumTestSupport
import Testing

/// Each kind of bad input gets one clear diagnostic at its `file:line` and an invalid result,
/// never a crash or a hang.
@Suite struct BadInputTests {
  private func load(_ body: String) -> ConfigLoadResult { TestLoad.text(TestLoad.httpDefaults + body) }

  /// The one diagnostic of `result`: exactly one alert, no warning (besides "not yet acted on"
  /// reports), and an invalid result.
  private func onlyAlert(_ result: ConfigLoadResult) -> String {
    #expect(!result.isValid())
    #expect(result.alertTexts.count == 1, "\(result.alertTexts)")
    #expect(result.warningTexts.isEmpty, "\(result.warningTexts)")
    return result.alertTexts.first ?? ""
  }

  // MARK: files

  @Test func missingFile() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/absent.cfg"
    let result = TestLoad.paths([path])
    #expect(onlyAlert(result) == "Cannot open configuration file/directory \(path) : No such file or directory")
    #expect(result.diagnostics.alerts.first?.location == nil)
  }

  @Test func unreadableFile() throws {
    let directory = try TemporaryDirectory()
    if getuid() != 0 {
      let path = try directory.write("locked.cfg", "global\n")
      #expect(chmod(path, 0) == 0)
      defer { chmod(path, 0o600) }
      #expect(onlyAlert(TestLoad.paths([path])) == "Cannot open configuration file \(path) : Permission denied")
    } else {
      // Root reads any file; a path through a regular file cannot be opened either.
      let file = try directory.write("plain.cfg", "global\n")
      let path = file + "/inner.cfg"
      #expect(onlyAlert(TestLoad.paths([path])) == "Cannot open configuration file/directory \(path) : Not a directory")
    }
  }

  @Test func deviceIsNotReadForever() {
    let text = onlyAlert(TestLoad.paths(["/dev/zero"]))
    #expect(
      text
        == "parsing [/dev/zero:1] : configuration file /dev/zero is not text (binary byte 0x0 at offset 0): check the -f path"
    )
  }

  @Test func emptyDirectory() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(atPath: directory.path + "/sub.cfg", withIntermediateDirectories: false)
    try directory.write("notes.txt", "global\n")
    #expect(
      onlyAlert(TestLoad.paths([directory.path]))
        == "configuration directory \(directory.path) contains no *.cfg file: add one or name the file with '-f'")
  }

  @Test func noPathAtAll() {
    #expect(
      onlyAlert(TestLoad.paths([]))
        == "no configuration file given: name one with '-f FILE' (or a directory of *.cfg files)")
  }

  @Test func binaryGarbage() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "core.cfg", bytes: Array("global\n  daemon\n".utf8) + [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00])
    #expect(
      onlyAlert(TestLoad.paths([path]))
        == "parsing [\(path):3] : configuration file \(path) is not text (binary byte 0x2 at offset 20): check the -f path"
    )
  }

  @Test func hugeFileIsRejectedBeforeReading() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/huge.cfg"
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 100 * 1024 * 1024)
    try handle.close()
    #expect(
      onlyAlert(TestLoad.paths([path]))
        == "configuration file \(path) is 104857600 bytes, over the 33554432-byte limit: is it really a configuration file?"
    )
  }

  @Test func megabyteLine() {
    let result = TestLoad.text("global\n  description " + String(repeating: "x", count: 1 << 20) + "\n  daemon\n")
    #expect(
      onlyAlert(result)
        == "parsing [t.cfg:2] : line too long (1048590 bytes, the limit is 65536): split the value or load it from a file"
    )
    #expect(result.configuration.global.daemon)
  }

  // MARK: syntax

  @Test func unterminatedQuote() {
    let result = TestLoad.text("global\n  description \"abc\n  daemon\n")
    #expect(
      onlyAlert(result)
        == "parsing [t.cfg:2] : unmatched quote at position 15: close it on the same line, or write \\\" or \\' for a literal quote."
    )
    #expect(result.configuration.global.daemon)
  }

  @Test func unknownSection() {
    let result = TestLoad.text("global\n  daemon\nfrontent web\n  bind :80\n  mode http\nbackend be\n  mode http\n")
    #expect(
      onlyAlert(result)
        == "parsing [t.cfg:3] : unknown section 'frontent'; did you mean 'frontend'? Its lines are skipped up to the next section"
    )
    #expect(result.configuration.proxies.map(\.name) == ["be"])
  }

  @Test func keywordOutOfSection() {
    #expect(
      onlyAlert(TestLoad.text("daemon\nglobal\n  maxconn 10\n"))
        == "parsing [t.cfg:1] : unknown keyword 'daemon' out of section: a file must start with a section ('global', 'defaults', 'frontend', 'backend', 'listen', ...)"
    )
  }

  @Test func unknownKeywordSuggestsTheClosest() {
    #expect(
      onlyAlert(load("frontend fe\n  bind :80\n  mdoe http\n"))
        == "parsing [t.cfg:8] : unknown keyword 'mdoe' in 'frontend' section; did you mean 'mode'?")
    #expect(
      onlyAlert(load("backend be\n  balanse roundrobin\n"))
        == "parsing [t.cfg:7] : unknown keyword 'balanse' in 'backend' section; did you mean 'balance'?")
    #expect(
      onlyAlert(load("backend be\n  frobnicate 1\n"))
        == "parsing [t.cfg:7] : unknown keyword 'frobnicate' in 'backend' section")
  }

  @Test func keywordsInTheWrongSection() {
    #expect(
      onlyAlert(load("frontend fe\n  bind :80\n  server s1 127.0.0.1:80\n"))
        == "parsing [t.cfg:8] : 'server' not allowed because frontend 'fe' has no backend capability")
    let ignored = load("backend be\n  timeout client 5s\n")
    #expect(ignored.isValid())
    #expect(
      ignored.warningTexts == [
        "parsing [t.cfg:7] : 'timeout client' ignored because backend 'be' has no frontend capability"
      ])
    #expect(!ignored.isValid(warningsAreFatal: true))
    #expect(onlyAlert(load("  bind :80\n")) == "parsing [t.cfg:6] : 'bind' not allowed in 'defaults' section")
    #expect(
      onlyAlert(load("frontend fe\n  bind :80\n  nbthread 4\n"))
        == "parsing [t.cfg:8] : 'nbthread' is a 'global' keyword: move it to the global section")
    #expect(
      onlyAlert(TestLoad.text("global\n  option httplog\n"))
        == "parsing [t.cfg:2] : 'option httplog' is a proxy keyword: move it to a 'defaults', 'frontend', 'backend' or 'listen' section"
    )
  }

  @Test func duplicateNames() {
    #expect(
      onlyAlert(load("backend be\nbackend be\n"))
        == "parsing [t.cfg:7] : backend 'be' has the same name as backend 'be' declared at t.cfg:6: rename one of them")
    #expect(load("frontend app\n  bind :80\n  default_backend app\nbackend app\n").alertTexts.isEmpty)
    #expect(
      onlyAlert(load("backend be\n  server s1 127.0.0.1:80\n  server s1 127.0.0.1:81\n"))
        == "parsing [t.cfg:8] : backend 'be' has two servers named 's1' (the first at t.cfg:7): server names must be unique"
    )
  }

  @Test func missingBackends() {
    let result = load("frontend fe\n  bind :80\n  use_backend apii if TRUE\n  default_backend nope\nbackend api\n")
    #expect(!result.isValid())
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:8] : frontend 'fe': use_backend 'apii' names no backend; did you mean 'api'?",
        "parsing [t.cfg:9] : frontend 'fe': default_backend 'nope' names no backend",
      ])
  }

  // MARK: values

  @Test func badUnits() {
    #expect(
      onlyAlert(load("backend be\n  timeout server 5sec\n"))
        == "parsing [t.cfg:7] : invalid time '5sec' for 'timeout server': unexpected character 'e' after the unit 's'; write an integer with an optional unit: us, ms, s, m, h or d (without a unit: ms), e.g. '5s'"
    )
    #expect(
      onlyAlert(TestLoad.text("global\n  tune.bufsize 16kb\n"))
        == "parsing [t.cfg:2] : invalid size '16kb' for 'tune.bufsize': unexpected character 'b' after the unit 'k'; write an integer with an optional unit: k, m or g (1024, 1048576 or 1073741824 bytes), e.g. '16k'"
    )
  }

  @Test func aRejectedSettingIsNotAlsoReportedMissing() {
    let result = TestLoad.text(
      """
      defaults
        mode http
        timeout client 30 s
        timeout connect 5s
      frontend fe
        bind :80
        default_backend be
      backend be
        timeout server forever
        server s1 127.0.0.1:80
      """)
    #expect(result.alertTexts.map { $0.prefix(18) } == ["parsing [t.cfg:3] ", "parsing [t.cfg:9] "])
    #expect(result.warningTexts.isEmpty)
    let missing = TestLoad.text("frontend fe\n  bind :80\nbackend be\n  server s1 127.0.0.1:80\n")
    #expect(missing.warningTexts.count == 2)
    #expect(missing.warningTexts[0].hasPrefix("parsing [t.cfg:1] : missing 'timeout client' in frontend 'fe'"))
    #expect(missing.warningTexts[1].hasPrefix("parsing [t.cfg:3] : missing 'timeout connect' or 'timeout server'"))
  }

  @Test func valuesOutOfRange() {
    #expect(
      onlyAlert(load("backend be\n  server s1 127.0.0.1:80 weight 300\n"))
        == "parsing [t.cfg:7] : 'server be/s1' : invalid value '300' for 'weight': out of range; write an integer from 0 to 256"
    )
    #expect(
      onlyAlert(TestLoad.text("global\n  spread-checks 60\n"))
        == "parsing [t.cfg:2] : invalid value '60' for 'spread-checks': out of range; write an integer from 0 to 50")
  }

  @Test func invalidAddresses() {
    #expect(
      onlyAlert(load("frontend fe\n  bind :99999\n"))
        == "parsing [t.cfg:7] : 'bind :99999' : invalid port '99999' in ':99999' for 'bind': ports range from 1 to 65535; write a port from 1 to 65535"
    )
    #expect(
      onlyAlert(load("frontend fe\n  bind 1.2.3.4:\n"))
        == "parsing [t.cfg:7] : 'bind 1.2.3.4:' : missing port in '1.2.3.4:' for 'bind'; a TCP listener needs a port: write '1.2.3.4:80', or a range such as '1.2.3.4:8000-8010'"
    )
    #expect(
      onlyAlert(load("backend be\n  server s1 10.0.0.1:99999\n"))
        == "parsing [t.cfg:7] : 'server be/s1' : invalid port '99999' in '10.0.0.1:99999' for 'server': ports range from 1 to 65535; write a port from 1 to 65535"
    )
  }

  @Test func unresolvableHostNames() {
    let result = load("backend be\n  server s1 db.internal:5432\n")
    #expect(
      onlyAlert(result)
        == "parsing [t.cfg:7] : 'server be/s1' : could not resolve address 'db.internal' (Name or service not known); check the name and the system resolver (/etc/hosts, /etc/resolv.conf), or add 'init-addr last,libc,none' to the server (or to 'default-server') so it starts in maintenance until the name resolves"
    )
    #expect(load("backend be\n  server s1 db.internal:5432 init-addr none\n").alertTexts.isEmpty)
    #expect(
      load("backend be\n  default-server init-addr last,libc,none\n  server s1 db.internal:5432\n").alertTexts.isEmpty)
    #expect(
      onlyAlert(load("frontend fe\n  bind db.internal:80\n")).hasPrefix(
        "parsing [t.cfg:7] : 'bind db.internal:80' : could not resolve address 'db.internal' (Name or service not known) in 'db.internal:80' for 'bind'"
      ))
  }

  // MARK: conditional blocks and variables

  @Test func ifWithoutEndif() {
    #expect(
      onlyAlert(TestLoad.text("global\n.if defined(HOME)\n  daemon\n"))
        == "parsing [t.cfg:3] : non-terminated '.if' block opened at t.cfg:2: add the matching '.endif' before the end of the file (a block cannot span files)."
    )
  }

  @Test func undefinedVariableIsEmptyWithAWarning() {
    let result = TestLoad.text("global\n  node web${SUFFIX}\n")
    #expect(result.configuration.global.node == "web")
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:2] : environment variable 'SUFFIX' is not set; it expands to an empty string (set it, or give a default with '${SUFFIX-default}')"
      ])
    #expect(result.isValid())
    #expect(!result.isValid(warningsAreFatal: true))
    #expect(TestLoad.text("global\n  node web${SUFFIX}\n", environment: ["SUFFIX": "1"]).warningTexts.isEmpty)
  }
}
