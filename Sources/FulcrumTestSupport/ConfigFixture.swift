import Foundation

/// One configuration file of the test corpus with the verdict its header promises:
/// `# expect: valid|invalid`, `# expect-alert: TEXT`, `# expect-warning: TEXT` and
/// `# env: NAME=value` lines. Immutable; used from test threads.
public struct ConfigFixture: Sendable, CustomStringConvertible {
  public let path: String
  public let expectValid: Bool
  public let expectedAlerts: [String]
  public let expectedWarnings: [String]
  public let environment: [String: String]

  public var description: String { URL(fileURLWithPath: path).lastPathComponent }

  public init(path: String) throws {
    self.path = path
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let text = String(decoding: data, as: UTF8.self)
    var valid: Bool?
    var alerts: [String] = []
    var warnings: [String] = []
    var environment: [String: String] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(40) {
      guard line.hasPrefix("# ") else { continue }
      let body = line.dropFirst(2)
      if let value = Self.value(of: "expect:", in: body) {
        valid = value == "valid"
      } else if let value = Self.value(of: "expect-alert:", in: body) {
        alerts.append(value)
      } else if let value = Self.value(of: "expect-warning:", in: body) {
        warnings.append(value)
      } else if let value = Self.value(of: "env:", in: body), let equals = value.firstIndex(of: "=") {
        environment[String(value[..<equals])] = String(value[value.index(after: equals)...])
      }
    }
    self.expectValid = valid ?? false
    self.expectedAlerts = alerts
    self.expectedWarnings = warnings
    self.environment = environment
  }

  private static func value(of key: String, in line: Substring) -> String? {
    guard line.hasPrefix(key) else { return nil }
    return line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
  }

  /// Every `*.cfg` file in `directory`, sorted by name.
  public static func all(in directory: URL) throws -> [ConfigFixture] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".cfg") }
      .sorted()
    return try names.map { try ConfigFixture(path: directory.appendingPathComponent($0).path) }
  }
}
