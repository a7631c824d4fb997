import ArgumentParser
import FulcrumConfig
import FulcrumCore

/// HAProxy's command line, with its single-dash spellings (`-f`, `-c`, `-cc`, `-db`, `-dW`,
/// `-sf`, `-vv`...), parsed by swift-argument-parser. Runs on the main thread at start-up.
struct FulcrumCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fulcrum",
    abstract: "TCP and HTTP load balancer that reads haproxy.cfg.",
    helpNames: [.customLong("help"), .customShort("h")])

  @Option(name: .customShort("f"), help: "Configuration file, or directory of *.cfg files (repeatable).")
  var files: [String] = []

  @Flag(name: .customShort("c"), help: "Check the configuration and exit (0 valid, 1 invalid).")
  var check = false

  @Option(
    name: .customLong("cc", withSingleDash: true),
    help: "Evaluate a condition as '.if' does and exit (0 true, 1 false, 2 error).")
  var condition: String?

  @Flag(name: .customShort("d"), help: "Debug mode: stay in the foreground and log to the terminal.")
  var debug = false

  @Flag(name: .customLong("db", withSingleDash: true), help: "Stay in the foreground.")
  var foreground = false

  @Flag(name: .customShort("D"), help: "Run as a daemon.")
  var daemon = false

  @Flag(name: .customShort("W"), help: "Master-worker mode.")
  var masterWorker = false

  @Flag(name: .customLong("Ws", withSingleDash: true), help: "Master-worker mode with systemd notification.")
  var masterWorkerSystemd = false

  @Option(name: .customShort("S"), help: "Bind the master CLI to this address.")
  var masterCLI: [String] = []

  @Option(name: .customShort("p"), help: "Write the process id to this file.")
  var pidFile: String?

  @Option(
    name: .customLong("sf", withSingleDash: true), parsing: .upToNextOption,
    help: "Ask these old processes to finish (soft stop).")
  var softStopPIDs: [Int32] = []

  @Option(
    name: .customLong("st", withSingleDash: true), parsing: .upToNextOption,
    help: "Ask these old processes to terminate now.")
  var hardStopPIDs: [Int32] = []

  @Option(name: .customShort("x"), help: "Take the listening sockets from this runtime API socket.")
  var socketServer: String?

  @Option(name: .customShort("N"), help: "Default per-proxy maxconn.")
  var defaultMaxconn: Int?

  @Option(name: .customShort("n"), help: "Global maxconn.")
  var globalMaxconn: Int?

  @Option(name: .customShort("L"), help: "Local peer name.")
  var localPeer: String?

  @Option(name: .customShort("C"), help: "Change to this directory before loading files.")
  var directory: String?

  @Flag(name: .customShort("q"), help: "Quiet: print no message.")
  var quiet = false

  @Flag(name: .customShort("V"), help: "Verbose: cancels quiet mode.")
  var verbose = false

  @Flag(name: .customLong("dW", withSingleDash: true), help: "Treat warnings as fatal errors.")
  var warningsAreFatal = false

  @Flag(name: .customLong("dD", withSingleDash: true), help: "Diagnostic mode: also print diagnostic messages.")
  var diagnosticMode = false

  @Flag(name: .customLong("dr", withSingleDash: true), help: "Ignore server address resolution failures.")
  var ignoreResolutionFailures = false

  @Flag(name: .customLong("dI", withSingleDash: true), help: "Allow creating processes (insecure-fork-wanted).")
  var insecureFork = false

  @Flag(name: .customShort("v"), help: "Print the version.")
  var version = false

  @Flag(name: .customLong("vv", withSingleDash: true), help: "Print the version and build features.")
  var buildOptions = false

  @Argument(help: "More configuration files (after '--').")
  var trailingFiles: [String] = []

  var allFiles: [String] { files + trailingFiles }
}
