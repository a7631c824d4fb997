import FulcrumConfig
import FulcrumProxy
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import Testing

/// `option forwardfor` / `option originalto` of a frontend and its backend combined as HAProxy 2.6
/// combines them.
@Suite struct HTTPForwardingHeadersConfigTests {
  func headers(frontend: String, backend: String) throws(RuntimeError) -> HTTPForwardingHeaders {
    let text = """
      defaults
          mode http
          timeout connect 1s
          timeout client 5s
          timeout server 5s
      frontend f
          bind 127.0.0.1:8080
      \(frontend)
          default_backend b
      backend b
      \(backend)
          server s 127.0.0.1:1
      """
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: [:])).load(text: text)
    let valid = loaded.isValid()
    #expect(valid, "\(loaded.diagnostics.alerts)")
    let proxies = loaded.configuration.proxies
    return try HTTPForwardingHeaders(
      frontend: proxies.first { $0.name == "f" }!, backend: proxies.first { $0.name == "b" }!)
  }

  @Test func defaultsAndBackendNameWins() throws {
    let plain = try headers(frontend: "    option forwardfor", backend: "")
    #expect(plain.forwardFor == .init(name: "X-Forwarded-For"))
    #expect(plain.originalTo == nil)
    let both = try headers(frontend: "    option forwardfor header X-F", backend: "    option forwardfor header X-B")
    #expect(both.forwardFor?.name == "X-B")
    let original = try headers(frontend: "", backend: "    option originalto")
    #expect(original.originalTo == .init(name: "X-Original-To"))
    #expect(try headers(frontend: "", backend: "").isEmpty)
  }

  @Test func eitherExceptExcludesAndIfNoneNeedsBoth() throws {
    let combined = try headers(
      frontend: "    option forwardfor except 127.0.0.0/8 if-none", backend: "    option forwardfor except ::1")
    #expect(combined.forwardFor?.except.map(\.description) == ["127.0.0.0/8", "::1"])
    #expect(combined.forwardFor?.ifNone == false)
    let ifNone = try headers(frontend: "    option forwardfor if-none", backend: "    option forwardfor if-none")
    #expect(ifNone.forwardFor?.ifNone == true)
  }

  @Test func refusesABadNetwork() {
    do {
      _ = try headers(frontend: "    option forwardfor except nowhere", backend: "")
      Issue.record("accepted")
    } catch {
      #expect(error.message.contains("frontend 'f': 'option forwardfor except nowhere' is not an IPv4 or IPv6 network"))
    }
  }
}
