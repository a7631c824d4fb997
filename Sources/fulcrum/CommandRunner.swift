import FulcrumConfig
import FulcrumCore
import FulcrumRuntime
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries out a parsed command line: prints the version, evaluates `-cc`, checks or loads
/// the configuration, and returns HAProxy's exit code. Main thread only.
struct CommandRunner {
  let command: FulcrumCommand
  let processID: Int32

  func run() async -> Int32 {
    if command.buildOptions {
      FileOutput.standardOutput.write(VersionReport.long)
      return 0
    }
    if command.version {
      FileOutput.standardOutput.write(VersionReport.short)
      return 0
    }
    if let expression = command.condition { return evaluateCondition(expression) }
    if let directory = command.directory, chdir(directory) != 0 {
      FileOutput.standardError.write(
        line(.alert, "cannot change to directory '\(directory)': \(String(cString: strerror(errno)))"))
      return 1
    }
    guard !command.allFiles.isEmpty else {
      FileOutput.standardError.write(
        line(.alert, "No configuration file given: use '-f FILE'.") + "\n" + FulcrumCommand.helpMessage() + "\n")
      return 1
    }
    return await checkOrServe()
  }

  func evaluateCondition(_ expression: String) -> Int32 {
    // As HAProxy does, the argument goes through the line tokenizer first (quotes, escapes,
    // variables) and its words are joined with single spaces.
    let environment = ConfigEnvironment(currentEnvironment())
    let context = TokenizerContext(environment: environment, file: "command line", line: 1, section: "")
    let words: [String]
    switch LineTokenizer.tokenize(Substring(expression), context: context) {
    case .success(let tokenized): words = tokenized.words
    case .failure(let error):
      FileOutput.standardError.write(line(.alert, "Failed to evaluate condition '\(expression)': \(error)"))
      return 2
    }
    let evaluator = ConditionEvaluator(environment: environment)
    switch evaluator.evaluate(words.joined(separator: " ")) {
    case .success(let value): return value ? 0 : 1
    case .failure(let error):
      FileOutput.standardError.write(line(.alert, "Failed to evaluate condition '\(expression)': \(error)"))
      return 2
    }
  }

  func checkOrServe() async -> Int32 {
    var loader = ConfigLoader(environment: currentEnvironment())
    loader.ignoresResolutionFailures = command.ignoreResolutionFailures
    let result = loader.load(paths: command.allFiles)
    let fatalWarnings = command.warningsAreFatal || result.configuration.global.zeroWarning
    print(result.diagnostics, quiet: command.quiet || result.configuration.global.quiet)
    let valid = result.isValid(warningsAreFatal: command.warningsAreFatal)
    guard valid else {
      if !result.diagnostics.hasAlerts && fatalWarnings {
        FileOutput.standardError.write(
          line(.alert, "Some warnings were found and 'zero-warning' (or -dW) is set. Aborting."))
      }
      let files = result.configuration.files.isEmpty ? command.allFiles : result.configuration.files
      FileOutput.standardError.write(
        line(.alert, "Error(s) found in configuration file : \(files.joined(separator: ", "))"))
      FileOutput.standardError.write(line(.alert, "Fatal errors found in configuration."))
      return 1
    }
    let quiet = (command.quiet || result.configuration.global.quiet) && !command.verbose
    if !quiet {
      for message in command.flagsNotActedOn { FileOutput.standardError.write(line(.warning, message)) }
    }
    if command.check {
      if !command.quiet || command.verbose { FileOutput.standardOutput.write("Configuration file is valid\n") }
      return 0
    }
    var configuration = result.configuration
    command.overrides.apply(to: &configuration)
    return await serve(configuration)
  }

  /// Runs the data plane until SIGTERM/SIGINT (immediate stop) or SIGUSR1 (soft stop).
  func serve(_ configuration: FulcrumConfiguration) async -> Int32 {
    let plan: ServingPlan
    do {
      plan = try ServingPlan.build(configuration)
    } catch {
      FileOutput.standardError.write(line(.alert, error.description))
      return 1
    }
    let threads = plan.threads ?? ProcessorAffinity.allowedCPUCount()
    let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    var logger = Logger(label: "fulcrum")
    logger.logLevel = command.quiet && !command.verbose ? .warning : .notice
    let runtime = ProxyRuntime(plan: plan, group: group)
    let service = FulcrumService(
      runtime: runtime, logger: logger,
      hardStopAfter: configuration.global.hardStopAfter.map { .milliseconds($0.milliseconds) })
    let services = ServiceGroup(
      configuration: .init(
        services: [.init(service: service)], gracefulShutdownSignals: [.sigusr1],
        cancellationSignals: [.sigterm, .sigint], logger: logger))
    var status: Int32 = 0
    do {
      try await services.run()
    } catch is CancellationError {
      // SIGTERM/SIGINT: an ordinary immediate stop, as HAProxy's exit status 0.
    } catch {
      FileOutput.standardError.write(line(.alert, "\(error)"))
      status = 1
    }
    try? await group.shutdownGracefully()
    return status
  }

  func print(_ diagnostics: Diagnostics, quiet requested: Bool) {
    let quiet = requested && !command.verbose
    for diagnostic in diagnostics.all {
      if diagnostic.severity == .diag && !command.diagnosticMode { continue }
      if diagnostic.severity != .alert && quiet { continue }
      FileOutput.standardError.write(diagnostic.rendered(pid: processID) + "\n")
    }
  }

  func line(_ severity: Diagnostic.Severity, _ message: String) -> String {
    Diagnostic(severity, message).rendered(pid: processID) + "\n"
  }

  func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }
}
