/// A whole configuration as read from its files, before validation: the sections in the order
/// they appeared across all files. Every node keeps its `SourceLocation`. Immutable value.
public struct ConfigSyntax: Sendable, Equatable {
  public var sections: [Section]
  /// The files read, in order (HAProxy's `HAPROXY_CFGFILES`).
  public var files: [String]

  public init(sections: [Section] = [], files: [String] = []) {
    self.sections = sections
    self.files = files
  }
}
