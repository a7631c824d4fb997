import FulcrumConfig
import FulcrumProxy

/// Compiles the responses a `mode http` frontend answers itself. Built off the event loops at
/// start-up.
enum HTTPRepliesCompiler {
  static func replies(for proxy: Proxy) throws(RuntimeError) -> HTTPLocalReplies {
    for rule in proxy.httpRequest where ["return", "deny", "tarpit", "auth", "redirect"].contains(rule.action) {
      throw RuntimeError(
        "\(proxy.kind.rawValue) '\(proxy.name)': 'http-request \(rule.action)' (\(rule.location)) answers requests itself, which this build does not do yet; remove it or serve the answer from a server"
      )
    }
    return HTTPLocalReplies()
  }
}
