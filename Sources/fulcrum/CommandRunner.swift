import FulcrumConfig
import FulcrumCore

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

  func run() -> Int32 {
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
    return checkOrServe()
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

  func checkOrServe() -> Int32 {
    let loader = ConfigLoader(environment: currentEnvironment())
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
    if command.check {
      if !command.quiet || command.verbose { FileOutput.standardOutput.write("Configuration file is valid\n") }
      return 0
    }
    FileOutput.standardError.write(
      line(
        .alert,
        "the configuration is valid, but this build of Fulcrum cannot serve traffic yet (the data plane is the next milestone); use -c to check configurations"
      ))
    return 1
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
