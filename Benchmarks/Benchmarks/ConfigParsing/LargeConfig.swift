import Foundation
import FulcrumConfig

/// The generated 1,000 backends × 20 servers configuration. The benchmark loads the very file
/// `Scripts/generate-large-config.py` writes (the one `fulcrum -c` and `haproxy -c` are timed
/// on), so there is one generator and the in-process numbers describe the same input.
enum LargeConfig {
  static let backends = 1_000
  static let serversPerBackend = 20

  /// Where the file is written: the system temporary directory, once per run.
  static let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("fulcrum-bench-\(backends)x\(serversPerBackend).cfg").path

  /// `Benchmarks/Scripts/generate-large-config.py`, found from this source file.
  static let script = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // ConfigParsing
    .deletingLastPathComponent()  // Benchmarks (targets)
    .deletingLastPathComponent()  // Benchmarks (package)
    .appendingPathComponent("Scripts/generate-large-config.py").path

  /// Runs the generator (python3 on PATH) into `path`.
  static func generate() {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", script, "--backends", "\(backends)", "--servers", "\(serversPerBackend)", "-o", path,
    ]
    do {
      try process.run()
    } catch {
      fatalError("cannot run python3 \(script): \(error)")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      fatalError("\(script) exited with \(process.terminationStatus)")
    }
  }

  /// Fails the run unless the file loads as valid with every server in it, so the benchmark
  /// times the whole success path rather than an early error.
  static func verify() {
    let result = ConfigLoader(environment: [:]).load(paths: [path])
    let alerts = result.diagnostics.alerts
    guard result.isValid(), alerts.isEmpty else {
      fatalError("\(path) is not valid: \(alerts.first.map { $0.rendered(pid: 0) } ?? "warnings are fatal")")
    }
    let servers = result.configuration.proxies.reduce(0) { $0 + $1.servers.count }
    guard servers == backends * serversPerBackend else {
      fatalError("\(path) has \(servers) servers, expected \(backends * serversPerBackend)")
    }
  }
}
