import FulcrumHealth
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where health changes are reported: each line is written to standard error in HAProxy's
/// shape (`[WARNING]  (1234) : Server be/s1 is DOWN, ...`), and the latest lines and each
/// server's status are kept for whoever asks (tests today, the stats page later). Any thread;
/// a lock guards the kept state (health changes are rare, never on the request path).
public final class HealthLog: Sendable {
  struct State {
    var lines: [String] = []
    var statuses: [String: String] = [:]
  }

  /// How many lines are kept.
  static let keptLines = 1000

  private let state = NIOLockedValueBox(State())
  /// Whether lines go to standard error.
  public let writesToStandardError: Bool

  public init(writesToStandardError: Bool = true) {
    self.writesToStandardError = writesToStandardError
  }

  /// The latest lines, oldest first.
  public var lines: [String] { state.withLockedValue { $0.lines } }

  /// A server's status as HAProxy's stats show it (`UP`, `DOWN 1/2`, `DRAIN`), once a check
  /// changed something.
  public func status(backend: String, server: String) -> String? {
    state.withLockedValue { $0.statuses["\(backend)/\(server)"] }
  }

  func record(_ change: HealthChange) {
    state.withLockedValue { state in
      state.statuses["\(change.backend)/\(change.serverName)"] = change.displayedStatus
      state.lines += change.lines.map(\.text)
      if state.lines.count > Self.keptLines { state.lines.removeFirst(state.lines.count - Self.keptLines) }
    }
    for line in change.lines { write(line.level.rawValue, line.text) }
  }

  func record(_ level: HealthLogLine.Level, _ text: String) {
    state.withLockedValue { state in
      state.lines.append(text)
      if state.lines.count > Self.keptLines { state.lines.removeFirst() }
    }
    write(level.rawValue, text)
  }

  private func write(_ level: String, _ text: String) {
    guard writesToStandardError else { return }
    let tag = "[\(level)]"
    let line = tag + String(repeating: " ", count: max(0, 10 - tag.count)) + " (\(getpid())) : \(text)\n"
    var bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { buffer in
        Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written <= 0 { return }
      offset += written
    }
  }
}
