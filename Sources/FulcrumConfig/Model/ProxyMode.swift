/// `mode tcp|http`: how a proxy treats the bytes it relays.
public enum ProxyMode: String, Sendable, Equatable {
  case tcp
  case http
}

/// Which kind of section defined a proxy, and so which capabilities it has.
public enum ProxyKind: String, Sendable, Equatable {
  case defaults
  case frontend
  case backend
  case listen

  /// Accepts client connections (frontend or listen).
  public var hasFrontend: Bool { self == .frontend || self == .listen }
  /// Connects to servers (backend or listen).
  public var hasBackend: Bool { self == .backend || self == .listen }
}

/// The HTTP connection handling chosen by `option httpclose`, `option http-server-close` and
/// `option http-keep-alive` (the default).
public enum HTTPConnectionMode: String, Sendable, Equatable {
  case keepAlive = "http-keep-alive"
  case serverClose = "http-server-close"
  case close = "httpclose"

  static let allModes: [HTTPConnectionMode] = [.keepAlive, .serverClose, .close]
}

/// `http-reuse never|safe|aggressive|always`.
public enum HTTPReuse: String, Sendable, Equatable {
  case never, safe, aggressive, always
}
