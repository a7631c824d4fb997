/// `unix-bind [prefix P] [mode M] [user U | uid N] [group G | gid N]`: process-wide
/// defaults for the unix sockets of `bind` lines. The prefix is put before every socket path;
/// a `bind` line's own `mode`, `user` and `group` win over these. Immutable value; any thread.
public struct UnixBindDefaults: Sendable, Equatable {
  public var prefix: String?
  public var mode: String?
  public var user: String?
  public var group: String?

  public init(prefix: String? = nil, mode: String? = nil, user: String? = nil, group: String? = nil) {
    self.prefix = prefix
    self.mode = mode
    self.user = user
    self.group = group
  }
}
