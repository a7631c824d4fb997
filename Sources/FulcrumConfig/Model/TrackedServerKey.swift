/// A server named as `track` names it: its backend and its name. Used to resolve `track`
/// links and find loops in them. Immutable value; any thread.
public struct TrackedServerKey: Hashable, Sendable, CustomStringConvertible {
  public var backend: String
  public var server: String

  public init(backend: String, server: String) {
    self.backend = backend
    self.server = server
  }

  /// `be/srv`, as HAProxy writes a server in its messages.
  public var description: String { "\(backend)/\(server)" }

  /// The backend and server of `track [<backend>/]<server>` written in backend `current`: the
  /// text is split at its last `/` (HAProxy reads `a/b/c` as server `c` of backend `a/b`).
  public static func split(_ track: String, in current: String) -> (backend: String, server: String) {
    guard let slash = track.lastIndex(of: "/") else { return (current, track) }
    return (String(track[..<slash]), String(track[track.index(after: slash)...]))
  }
}
