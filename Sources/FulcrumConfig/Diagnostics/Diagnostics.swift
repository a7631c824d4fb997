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

  public var alerts: [Diagnostic] { all.filter { $0.severity == .alert } }
  public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
  public var hasAlerts: Bool { all.contains { $0.severity == .alert } }
  public var hasWarnings: Bool { all.contains { $0.severity == .warning } }
}
