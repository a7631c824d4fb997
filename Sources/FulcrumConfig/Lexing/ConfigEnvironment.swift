/// The environment variables a configuration is expanded against: a copy of the process
/// environment taken at start, changed by the global section's `setenv`, `presetenv`,
/// `unsetenv` and `resetenv` as the reader meets them. Owned by one reader; not shared.
public struct ConfigEnvironment: Sendable {
  public private(set) var variables: [String: String]

  public init(_ variables: [String: String]) {
    self.variables = variables
  }

  public subscript(name: String) -> String? { variables[name] }

  /// `setenv NAME VALUE`: set or replace.
  public mutating func set(_ name: String, _ value: String) { variables[name] = value }

  /// `presetenv NAME VALUE`: set only if not already defined.
  public mutating func preset(_ name: String, _ value: String) {
    if variables[name] == nil { variables[name] = value }
  }

  /// `unsetenv NAME...`
  public mutating func unset(_ name: String) { variables[name] = nil }

  /// `resetenv [NAME...]`: remove every variable except the ones named.
  public mutating func reset(keeping names: [String]) {
    let keep = Set(names)
    variables = variables.filter { keep.contains($0.key) }
  }
}
