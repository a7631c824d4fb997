import FulcrumConfig
import FulcrumProxy
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import Testing

/// What the runtime compiles from `errorfile`, `errorloc`, `errorfiles`, `http-error` and
/// `http-request return`/`deny`, and what it refuses.
@Suite struct HTTPProxyResponsesTests {
  static let defaults = """
    defaults
        mode http
        timeout connect 1s
        timeout client 5s
        timeout server 5s

    """

  func configuration(_ text: String) -> FulcrumConfiguration {
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(
      text: Self.defaults + text)
    let valid = loaded.isValid()
    #expect(valid, "\(loaded.diagnostics.alerts)")
    return loaded.configuration
  }

  func responses(
    _ text: String, proxy name: String = "f", behind frontend: String? = nil,
    files: [String: String] = [:]
  ) throws(RuntimeError) -> HTTPProxyResponses {
    let configuration = configuration(text)
    let proxy = configuration.proxies.first { $0.name == name }!
    let front = frontend.flatMap { front in configuration.proxies.first { $0.name == front } }
    return try HTTPProxyResponses.build(
      for: proxy, behind: front, in: configuration, readFile: { path in files[path].map { Array($0.utf8) } })
  }

  func refusal(_ text: String, files: [String: String] = [:]) -> String {
    do {
      _ = try responses(text, files: files)
      return "accepted"
    } catch {
      return error.message
    }
  }

  func text(_ response: HTTPPreparedResponse?, _ form: HTTPPreparedResponse.Form = .keepAlive) -> String? {
    response.map { String(buffer: $0.bytes(form)) }
  }

  @Test func unconditionalReturn() throws {
    let built = try responses(
      """
      frontend f
          bind 127.0.0.1:8080
          http-request return status 200 content-type text/plain string "hi\\n"
      """)
    #expect(built.immediateResponse?.action == .return)
    #expect(
      text(built.immediateResponse?.response)
        == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n\r\nhi\n")
    #expect(built.errorPages.replacedStatuses.isEmpty)
  }

  @Test func noRuleNoImmediateResponse() throws {
    let built = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    default_backend b\nbackend b\n    server s 127.0.0.1:1\n")
    #expect(built.immediateResponse == nil)
  }

  @Test func denyUsesTheProxysPage() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("403.http", "HTTP/1.1 403 Go Away\r\nContent-Length: 4\r\n\r\nnope")
    let built = try responses(
      """
      frontend f
          bind 127.0.0.1:8080
          errorfile 403 \(path)
          http-request deny
      """)
    #expect(built.immediateResponse?.action == .deny)
    #expect(text(built.immediateResponse?.response) == "HTTP/1.1 403 Go Away\r\nContent-Length: 4\r\n\r\nnope")
    let status = try responses("frontend f\n    bind 127.0.0.1:8080\n    http-request deny deny_status 429\n")
    #expect(text(status.immediateResponse?.response)?.hasPrefix("HTTP/1.1 429 Too Many Requests\r\n") == true)
    let custom = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request deny status 401 content-type text/plain string \"go away\" hdr WWW-Authenticate Basic\n"
    )
    #expect(
      text(custom.immediateResponse?.response)
        == "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic\r\ncontent-length: 7\r\ncontent-type: text/plain\r\n\r\ngo away"
    )
  }

  @Test func returnPayloadForms() throws {
    let file = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request return status 201 content-type text/plain file /body.txt\n",
      files: ["/body.txt": "file body\n"])
    #expect(
      text(file.immediateResponse?.response)
        == "HTTP/1.1 201 Created\r\ncontent-length: 10\r\ncontent-type: text/plain\r\n\r\nfile body\n")
    let literal = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request return content-type text/plain lf-string literal hdr X-A b\n"
    )
    #expect(
      text(literal.immediateResponse?.response)
        == "HTTP/1.1 200 OK\r\nx-a: b\r\ncontent-length: 7\r\ncontent-type: text/plain\r\n\r\nliteral")
    let lfFile = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request return content-type text/plain lf-file /l.txt\n",
      files: ["/l.txt": "ok"])
    #expect(text(lfFile.immediateResponse?.response)?.hasSuffix("\r\n\r\nok") == true)
    let empty = try responses("frontend f\n    bind 127.0.0.1:8080\n    http-request return status 404\n")
    #expect(text(empty.immediateResponse?.response) == "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
    let errorfile = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request return status 503 errorfile /e.http\n",
      files: ["/e.http": "HTTP/1.1 503 Down\r\nContent-Length: 0\r\n\r\n"])
    #expect(text(errorfile.immediateResponse?.response) == "HTTP/1.1 503 Down\r\nContent-Length: 0\r\n\r\n")
    let defaultPage = try responses(
      "frontend f\n    bind 127.0.0.1:8080\n    http-request return status 503 default-errorfiles\n")
    #expect(text(defaultPage.immediateResponse?.response)?.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n") == true)
  }

  @Test func errorfilesGroupsAndFallback() throws {
    let dir = try TemporaryDirectory()
    let forbidden = try dir.write("403.http", "HTTP/1.1 403 Group\r\nContent-Length: 0\r\n\r\n")
    let built = try responses(
      """
      http-errors site
          errorfile 403 \(forbidden)
      frontend f
          bind 127.0.0.1:8080
          errorfiles site
          errorloc302 504 http://example.com/err
          http-request return status 503 errorfiles site
      """)
    #expect(text(built.errorPages.page(for: 403)) == "HTTP/1.1 403 Group\r\nContent-Length: 0\r\n\r\n")
    #expect(text(built.errorPages.page(for: 504))?.hasPrefix("HTTP/1.1 302 Found\r\n") == true)
    #expect(text(built.errorPages.page(for: 504))?.contains("location: http://example.com/err\r\n") == true)
    // The group has no 503: the proxy's page answers, as in HAProxy.
    #expect(text(built.immediateResponse?.response)?.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n") == true)
    #expect(built.errorPages.replacedStatuses == [403, 504])
  }

  @Test func httpErrorRules() throws {
    let built = try responses(
      """
      frontend f
          bind 127.0.0.1:8080
          http-error status 503 content-type text/plain string "busy" hdr Retry-After 5
      """)
    #expect(
      text(built.errorPages.page(for: 503))
        == "HTTP/1.1 503 Service Unavailable\r\nretry-after: 5\r\ncontent-length: 4\r\ncontent-type: text/plain\r\n\r\nbusy"
    )
  }

  @Test func backendPagesFallBackToTheFrontends() throws {
    let dir = try TemporaryDirectory()
    let front = try dir.write("f503.http", "HTTP/1.1 503 Front\r\nContent-Length: 0\r\n\r\n")
    let back = try dir.write("b502.http", "HTTP/1.1 502 Back\r\nContent-Length: 0\r\n\r\n")
    let config = """
      frontend f
          bind 127.0.0.1:8080
          errorfile 503 \(front)
          default_backend b
      backend b
          errorfile 502 \(back)
          http-error status 504 default-errorfiles
          server s 127.0.0.1:1
      """
    let built = try responses(config, proxy: "b", behind: "f")
    #expect(text(built.errorPages.page(for: 503))?.hasPrefix("HTTP/1.1 503 Front") == true)
    #expect(text(built.errorPages.page(for: 502))?.hasPrefix("HTTP/1.1 502 Back") == true)
    #expect(text(built.errorPages.page(for: 504))?.hasPrefix("HTTP/1.1 504 Gateway Time-out") == true)
  }

  @Test func refusesConditionsWithTheLine() {
    let message = refusal("frontend f\n    bind 127.0.0.1:8080\n    http-request deny if { path /x }\n")
    #expect(message.contains("frontend 'f'"))
    #expect(message.contains("'http-request deny if { path /x }'"))
    #expect(message.contains("(haproxy.cfg:8)"), "\(message)")
    #expect(message.contains("conditions are not evaluated yet"))
  }

  @Test func refusesOtherActions() {
    #expect(
      refusal("frontend f\n    bind 127.0.0.1:8080\n    http-request tarpit\n").contains(
        "'tarpit' is not carried out yet")
    )
    #expect(
      refusal("frontend f\n    bind 127.0.0.1:8080\n    http-request set-header X y\n")
        .contains("only unconditional 'http-request return' and 'http-request deny'"))
  }

  static let invalidReplies: [(String, String)] = [
    ("http-request return status 200 bogus x", "unknown argument 'bogus'"),
    ("http-request return status 600", "200 to 599"),
    ("http-request return status 200 string hi", "needs 'content-type"),
    ("http-request return content-type text/plain string a string b", "one payload"),
    ("http-request return content-type text/plain lf-string \"a %[src]\"", "log-format"),
    ("http-request return content-type text/plain lf-file /pct.txt", "log-format"),
    ("http-request return hdr X-Y \"%[src]\"", "log-format"),
    ("http-request return status 418 default-errorfiles", "has no error page"),
    ("http-request deny deny_status 418", "has no error page"),
    ("http-request return status 503 errorfile /e.http content-type text/plain", "no effect with 'errorfile'"),
    ("http-request return errorfile /e.http hdr X-A b", "no effect with 'errorfile'"),
    ("http-request return status 503 errorfile /missing.http", "cannot read '/missing.http'"),
    ("http-request return status 503 errorfile /bad.http", "errorfile '/bad.http': the response head"),
    ("http-request return status 204 content-type text/plain string x", "has no body"),
    ("http-request return deny_status 403", "unknown argument 'deny_status'"),
    ("http-request return status", "'status' expects a value"),
  ]

  @Test(arguments: invalidReplies) func refusesInvalidReplies(rule: String, reason: String) {
    let message = refusal(
      "frontend f\n    bind 127.0.0.1:8080\n    \(rule)\n",
      files: [
        "/pct.txt": "100%", "/e.http": "HTTP/1.1 503 X\r\nContent-Length: 0\r\n\r\n", "/bad.http": "HTTP/1.1 503 X\r\n",
      ])
    #expect(message.contains(reason), "\(message)")
    #expect(message.contains("(haproxy.cfg:8)"), "\(message)")
  }

  @Test func refusesAnInvalidErrorfileNamingIt() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("503.http", "HTTP/1.1 503 X\r\nContent-Length: 9\r\n\r\nshort")
    let message = refusal("frontend f\n    bind 127.0.0.1:8080\n    errorfile 503 \(path)\n")
    #expect(message.contains("frontend 'f': errorfile '\(path)'"), "\(message)")
    #expect(message.contains("announces 9 bytes but 5 follow"))
  }

  @Test func refusesAmbiguousReplacements() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("503.http", "HTTP/1.1 503 X\r\nContent-Length: 0\r\n\r\n")
    let message = refusal("frontend f\n    bind 127.0.0.1:8080\n    errorfile 503 \(path)\n    errorloc 503 /down\n")
    #expect(message.contains("status 503 is replaced by both 'errorfile' and 'errorloc'"), "\(message)")
  }

  @Test func everyConfigurableStatusHasAPage() {
    #expect(ErrorResponses.codes.isSubset(of: Set(HTTPErrorPages.replaceableStatuses)))
  }
}
