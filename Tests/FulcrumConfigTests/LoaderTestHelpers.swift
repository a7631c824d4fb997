import FulcrumConfig
import FulcrumTestSupport

/// Loads configuration text the way the loader suites need it: hermetic (names resolve from a
/// fixed table, the environment is given), with shortcuts to the messages. Used from test
/// threads only.
enum TestLoad {
  static let resolver = StaticHostResolver(literals: [
    "localhost": ["127.0.0.1"], "app.example": ["192.0.2.10", "192.0.2.11"],
  ])

  static func text(
    _ text: String, file: String = "t.cfg", environment: [String: String] = [:]
  ) -> ConfigLoadResult {
    ConfigLoader(environment: environment, resolver: resolver).load(text: text, file: file)
  }

  static func paths(_ paths: [String], environment: [String: String] = [:]) -> ConfigLoadResult {
    ConfigLoader(environment: environment, resolver: resolver).load(paths: paths)
  }

  /// A `defaults` section with every timeout set, so the proxies after it draw no
  /// missing-timeout warning.
  static let httpDefaults = """
    defaults
      mode http
      timeout client 5s
      timeout connect 5s
      timeout server 5s

    """
}

extension ConfigLoadResult {
  /// Every alert as `parsing [file:line] : message`.
  var alertTexts: [String] { diagnostics.alerts.map(\.description) }

  /// Every warning except the "parsed but not yet acted on" reports, which depend on which
  /// milestones have landed rather than on the configuration.
  var warningTexts: [String] {
    diagnostics.warnings.map(\.description).filter { !$0.contains("is parsed but not yet acted on") }
  }

  /// The proxy named `name` (frontend, backend or listen).
  func proxy(_ name: String) -> Proxy? { configuration.proxy(named: name) }
}
