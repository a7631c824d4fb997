/// One section of a configuration as written: its kind, the words that followed the section
/// keyword (its name, `from NAME`, or the legacy `listen NAME ADDR:PORT` address), where it
/// started, and its statements in order. Immutable value.
public struct Section: Sendable, Equatable {
  public var kind: SectionKind
  public var arguments: [String]
  public var location: SourceLocation
  public var statements: [Statement]

  public init(kind: SectionKind, arguments: [String], location: SourceLocation, statements: [Statement] = []) {
    self.kind = kind
    self.arguments = arguments
    self.location = location
    self.statements = statements
  }

  /// The section's name, if one was given (`frontend www` → `www`).
  public var name: String? {
    guard let first = arguments.first, first != "from" else { return nil }
    return first
  }

  /// The name in `... from NAME`, the defaults section this one inherits from.
  public var fromDefaults: String? {
    guard let index = arguments.firstIndex(of: "from"), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
  }

  /// What `.SECTION` expands to: the name, or the kind for unnamed sections.
  public var displayName: String { name ?? kind.rawValue }
}
