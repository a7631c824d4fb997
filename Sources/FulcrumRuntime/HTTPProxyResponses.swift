import Foundation
import FulcrumConfig
import FulcrumCore
import FulcrumProxy

/// The responses an HTTP proxy answers by itself, compiled from its configuration at load: its
/// error pages (built-in pages with `errorfile`, `errorfiles`, `errorloc*` and `http-error`
/// replacements) and the `http-request return`/`deny` rule that answers every request, if any.
/// Built off the event loops; immutable afterwards.
///
/// Conditions are not evaluated yet, so a conditional `http-request` rule is refused, and so is
/// every action other than `return` and `deny`; the first unconditional `return` or `deny` is final
/// (HAProxy never runs the rules after it).
public struct HTTPProxyResponses: Sendable {
  public var errorPages: HTTPErrorPages
  /// The response of the first `http-request` rule, when it is an unconditional `return` or
  /// `deny`; nil when the proxy has no `http-request` rule.
  public var immediateResponse: HTTPImmediateResponse?

  /// Reads a file named by a rule (`file`, `lf-file`, `errorfile`); tests replace it.
  public typealias FileReader = @Sendable (String) -> [UInt8]?

  public static let readFromDisk: FileReader = { path in FileManager.default.contents(atPath: path).map(Array.init) }

  /// Compiles `proxy`'s responses. For a backend, pass the `frontend` its requests come from:
  /// a status the backend does not replace keeps the frontend's page, as in HAProxy.
  public static func build(
    for proxy: Proxy, behind frontend: Proxy? = nil, in configuration: FulcrumConfiguration,
    readFile: @escaping FileReader = readFromDisk
  ) throws(RuntimeError) -> HTTPProxyResponses {
    var replacements: [Int: HTTPPreparedResponse] = [:]
    if let frontend {
      replacements = try errorReplacements(of: frontend, in: configuration, inherited: [:], readFile: readFile)
    }
    replacements = try errorReplacements(of: proxy, in: configuration, inherited: replacements, readFile: readFile)
    let pages = HTTPErrorPages(replacements: replacements)
    let compiler = replyCompiler(pages, configuration, readFile)
    let immediate = try immediateResponse(of: proxy, compiler: compiler)
    return HTTPProxyResponses(errorPages: pages, immediateResponse: immediate)
  }

  static func replyCompiler(
    _ pages: HTTPErrorPages, _ configuration: FulcrumConfiguration, _ readFile: @escaping FileReader
  ) -> HTTPReplyCompiler {
    HTTPReplyCompiler(
      errorPages: pages, httpErrorGroups: configuration.httpErrorGroups, limits: limits(configuration.global),
      maxResponseSize: configuration.global.bufferSize, readFile: readFile)
  }

  static func limits(_ global: GlobalSettings) -> HTTP1Limits {
    HTTP1Limits(
      bufferSize: global.bufferSize, maxRewrite: global.maxRewrite,
      maxHeaders: global.tune["tune.http.maxhdr"] ?? HTTP1Limits.default.maxHeaders)
  }

  /// The first `http-request` rule's response; throws for a condition or another action.
  static func immediateResponse(
    of proxy: Proxy, compiler: HTTPReplyCompiler
  ) throws(RuntimeError) -> HTTPImmediateResponse? {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    guard let rule = proxy.httpRequest.first else { return nil }
    let text = (["http-request", rule.action] + rule.arguments).joined(separator: " ")
    if let condition = rule.condition {
      throw RuntimeError(
        "\(label): '\(text) \(condition.polarity.rawValue) \(condition.terms.joined(separator: " "))' (\(rule.location)) has a condition, and conditions are not evaluated yet: remove the condition to apply it to every request, or remove the rule"
      )
    }
    let action: HTTPImmediateResponse.Action
    switch rule.action {
    case "return": action = .return
    case "deny": action = .deny
    case "tarpit":
      throw RuntimeError(
        "\(label): '\(text)' (\(rule.location)): 'tarpit' is not carried out yet; use 'http-request deny' or remove the rule"
      )
    default:
      throw RuntimeError(
        "\(label): '\(text)' (\(rule.location)): this build carries out only unconditional 'http-request return' and 'http-request deny'; remove the rule"
      )
    }
    do throws(HTTPResponseDefinitionError) {
      guard case .response(let response) = try compiler.compile(rule.arguments, kind: action == .deny ? .deny : .return)
      else { return nil }
      return HTTPImmediateResponse(action: action, response: response)
    } catch {
      throw RuntimeError("\(label): '\(text)' (\(rule.location)): \(error.message)")
    }
  }
}
