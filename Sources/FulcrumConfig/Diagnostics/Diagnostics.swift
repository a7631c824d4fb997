/// The messages collected while reading and validating one configuration, in the order they
/// were found, so one run reports every problem. Owned by one loader; not shared.
public struct Diagnostics: Sendable {
  public private(set) var all: [Diagnostic] = []

  public init() {}

  public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

  public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }

  public mutating func alert(_ message: String, at location: SourceLocation? = nil) {
    all.append(Diagnostic(.alert, message, at: location))
  }

  public mutating func warning(_ message: String, at location: SourceLocation? = nil) {
    all.append(Diagnostic(.warning, message, at: location))
  }

  public mutating func notice(_ message: String, at location: SourceLocation? = nil) {
    all.append(Diagnostic(.notice, message, at: location))
  }

  public mutating func diag(_ message: String, at location: SourceLocation? = nil) {
    all.append(Diagnostic(.diag, message, at: location))
  }

  /// Puts the messages in file order: first those without a location (they concern the whole
  /// load, e.g. a file that cannot be opened), then by file, in the order of `files`, and by
  /// line. Messages at one line keep the order they were found in, so a check that runs after
  /// parsing (an unknown backend) still appears at its line rather than after every parse error.
  public mutating func sortInFileOrder(_ files: [String]) {
    var rank: [String: Int] = [:]
    for file in files + all.compactMap(\.location?.file) where rank[file] == nil { rank[file] = rank.count }
    let keyed = all.enumerated().map { index, diagnostic in
      (file: diagnostic.location.map { rank[$0.file] ?? 0 } ?? -1, line: diagnostic.location?.line ?? 0, index: index)
    }
    all = keyed.sorted { ($0.file, $0.line, $0.index) < ($1.file, $1.line, $1.index) }.map { all[$0.index] }
  }

  public var alerts: [Diagnostic] { all.filter { $0.severity == .alert } }
  public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
  public var hasAlerts: Bool { all.contains { $0.severity == .alert } }
  public var hasWarnings: Bool { all.contains { $0.severity == .warning } }
}
