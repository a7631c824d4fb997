/// A validated configuration: the global settings, every proxy with defaults folded in and
/// names resolved, userlists and `http-errors` groups. This is what a runtime snapshot is
/// built from. Immutable; safe to share across threads.
public struct FulcrumConfiguration: Sendable, Equatable {
  public var global: GlobalSettings
  /// Frontends, backends and listens in file order.
  public var proxies: [Proxy]
  public var userlists: [Userlist]
  /// `http-errors NAME` sections: status code → error file.
  public var httpErrorGroups: [String: [Int: ErrorFile]]
  /// The files read, in order.
  public var files: [String]

  public init(
    global: GlobalSettings, proxies: [Proxy], userlists: [Userlist], httpErrorGroups: [String: [Int: ErrorFile]],
    files: [String]
  ) {
    self.global = global
    self.proxies = proxies
    self.userlists = userlists
    self.httpErrorGroups = httpErrorGroups
    self.files = files
  }

  public var frontends: [Proxy] { proxies.filter(\.hasFrontend) }
  public var backends: [Proxy] { proxies.filter(\.hasBackend) }

  public func proxy(named name: String) -> Proxy? { proxies.first { $0.name == name } }
  public func backend(named name: String) -> Proxy? { proxies.first { $0.hasBackend && $0.name == name } }
}
