/// What HAProxy's command line changes in the loaded configuration, applied after the files:
/// `-n` is the global `maxconn` (it wins over the file's), `-N` the `maxconn` of every proxy
/// that sets none, `-dI` turns `insecure-fork-wanted` on.
public struct CommandLineOverrides: Sendable, Equatable {
  /// `-n`.
  public var globalMaxconn: Int?
  /// `-N`.
  public var defaultProxyMaxconn: Int?
  /// `-dI`.
  public var insecureFork: Bool

  public init(globalMaxconn: Int? = nil, defaultProxyMaxconn: Int? = nil, insecureFork: Bool = false) {
    self.globalMaxconn = globalMaxconn
    self.defaultProxyMaxconn = defaultProxyMaxconn
    self.insecureFork = insecureFork
  }

  public func apply(to configuration: inout FulcrumConfiguration) {
    if let globalMaxconn { configuration.global.maxconn = globalMaxconn }
    if let defaultProxyMaxconn {
      for index in configuration.proxies.indices where configuration.proxies[index].maxconn == nil {
        configuration.proxies[index].maxconn = defaultProxyMaxconn
      }
    }
    if insecureFork { configuration.global.insecureForkWanted = true }
  }
}
