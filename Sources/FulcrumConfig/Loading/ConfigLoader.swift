/// The outcome of loading a configuration: the validated model (present even when alerts
/// were found, for inspection) and every diagnostic, in file order.
public struct ConfigLoadResult: Sendable {
  public var configuration: FulcrumConfiguration
  public var diagnostics: Diagnostics
  /// The environment after the global section's `setenv` family ran.
  public var environment: ConfigEnvironment

  /// Whether the configuration may be served: no alert, and no warning when warnings are
  /// fatal (`-dW` or the global `zero-warning`).
  public func isValid(warningsAreFatal: Bool = false) -> Bool {
    if diagnostics.hasAlerts { return false }
    if (warningsAreFatal || configuration.global.zeroWarning) && diagnostics.hasWarnings { return false }
    return true
  }
}

/// Reads and validates configuration files: the one entry point the command line, reloads
/// and tests use. Runs on the caller's thread; never touches an event loop.
public struct ConfigLoader: Sendable {
  public var environment: [String: String]
  public var resolver: any HostResolver
  public var limits: ReaderLimits
  /// `-dr`: server names that do not resolve do not fail the load (see
  /// `ConfigCompiler.ignoresResolutionFailures`).
  public var ignoresResolutionFailures = false

  public init(
    environment: [String: String], resolver: any HostResolver = SystemHostResolver(),
    limits: ReaderLimits = ReaderLimits()
  ) {
    self.environment = environment
    self.resolver = resolver
    self.limits = limits
  }

  /// Loads `paths` (files, or directories of `*.cfg`), as `-f` does.
  public func load(paths: [String]) -> ConfigLoadResult {
    var reader = ConfigReader(environment: ConfigEnvironment(environment), limits: limits)
    let syntax = reader.read(paths: paths)
    return compile(syntax, reader: reader, files: reader.filesTried)
  }

  /// Loads configuration text as if read from `file`.
  public func load(text: String, file: String = "haproxy.cfg") -> ConfigLoadResult {
    var reader = ConfigReader(environment: ConfigEnvironment(environment), limits: limits)
    reader.read(text: text, file: file)
    return compile(ConfigSyntax(sections: reader.sectionsRead, files: [file]), reader: reader, files: [file])
  }

  private func compile(_ syntax: ConfigSyntax, reader: ConfigReader, files: [String]) -> ConfigLoadResult {
    var diagnostics = reader.diagnostics
    var compiler = ConfigCompiler(resolver: resolver)
    compiler.ignoresResolutionFailures = ignoresResolutionFailures
    let configuration = compiler.compile(syntax)
    diagnostics.append(contentsOf: compiler.diagnostics)
    diagnostics.sortInFileOrder(files)
    return ConfigLoadResult(configuration: configuration, diagnostics: diagnostics, environment: reader.environment)
  }
}
