import Foundation

/// Runs a program to completion with a deadline, capturing its exit status and output. The
/// child is killed if it outlives the deadline, so a hung binary fails the test instead of
/// hanging the suite. Used from test threads.
public enum ProcessRunner {
  public struct Outcome: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
    public var timedOut: Bool
  }

  public static func run(
    _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
    currentDirectory: URL? = nil, deadline: Duration = .seconds(60)
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain both pipes while the child runs so a large output cannot block it.
    let outputData = ReadBuffer()
    let errorData = ReadBuffer()
    let group = DispatchGroup()
    for (handle, buffer) in [(output.fileHandleForReading, outputData), (error.fileHandleForReading, errorData)] {
      group.enter()
      DispatchQueue.global().async {
        buffer.set(handle.readDataToEndOfFile())
        group.leave()
      }
    }
    let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
    var timedOut = false
    if group.wait(timeout: .now() + seconds) == .timedOut {
      timedOut = true
      process.terminate()
      group.wait()
    }
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData.get(), as: UTF8.self),
      standardError: String(decoding: errorData.get(), as: UTF8.self),
      timedOut: timedOut)
  }

  /// Bytes read by a background reader, handed over once it is done.
  private final class ReadBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
  }
}

/// A child process started by a test that keeps running until the test stops it; it is
/// killed on deinit if the test forgot, so no process outlives the suite.
public final class RunningProcess: @unchecked Sendable {
  private let process: Process
  private let errorPipe = Pipe()

  public init(_ executable: URL, _ arguments: [String]) throws {
    process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errorPipe
    try process.run()
  }

  public var isRunning: Bool { process.isRunning }

  /// Sends `signal` and waits for the exit; returns the exit status and what it printed on
  /// standard error.
  public func stop(signal: Int32 = SIGTERM) -> (status: Int32, standardError: String) {
    if process.isRunning { kill(process.processIdentifier, signal) }
    process.waitUntilExit()
    let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}
