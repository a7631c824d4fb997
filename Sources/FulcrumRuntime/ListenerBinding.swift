import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens one listener's socket with a prepared `ServerBootstrap`: binds an IP or abstract
/// address, binds a unix path (replacing a stale socket file, then applying `mode`, `user` and
/// `group`), or adopts an inherited listening descriptor (`fd@N`, re-listened with the
/// backlog). Control plane: called from `ProxyRuntime.start`.
enum ListenerBinding {
  static func bind(_ listener: ServingPlan.Listener, with bootstrap: ServerBootstrap) async throws -> any Channel {
    switch listener.endpoint {
    case .ip(let address), .abstractNamespace(let address):
      return try await bootstrap.bind(to: address).get()
    case .unixPath(let path):
      // A socket file left by a previous run would make bind fail; replace it, as HAProxy does.
      let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
      do {
        try apply(listener.unixPermissions, to: path)
      } catch {
        try? await channel.close()
        throw error
      }
      return channel
    case .inheritedSocket(let descriptor):
      try checkStreamSocket(descriptor)
      let channel = try await bootstrap.withBoundSocket(descriptor).get()
      // NIO listens with its default backlog when adopting a socket; apply the configured one.
      if let backlog = listener.backlog, listen(descriptor, Int32(clamping: backlog)) != 0 {
        let reason = String(cString: strerror(errno))
        try? await channel.close()
        throw RuntimeError("listen(fd@\(descriptor)) failed: \(reason)")
      }
      return channel
    }
  }

  /// Refuses a descriptor that is not a stream socket before NIO adopts it, with the reason
  /// HAProxy gives (`Socket operation on non-socket`, `Bad file descriptor`).
  static func checkStreamSocket(_ descriptor: Int32) throws {
    var type: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    guard getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
      throw RuntimeError("cannot use file descriptor '\(descriptor)' : \(String(cString: strerror(errno)))")
    }
    guard type == Int32(SOCK_STREAM.rawValue) else {
      throw RuntimeError("cannot use file descriptor '\(descriptor)' : not a stream socket")
    }
  }

  static func apply(_ permissions: ServingPlan.UnixSocketPermissions?, to path: String) throws {
    guard let permissions else { return }
    if let mode = permissions.mode, chmod(path, mode) != 0 {
      throw RuntimeError("chmod \(String(mode, radix: 8)) \(path) failed: \(String(cString: strerror(errno)))")
    }
    if permissions.owner != nil || permissions.group != nil {
      let owner = permissions.owner ?? uid_t.max
      let group = permissions.group ?? gid_t.max
      if chown(path, owner, group) != 0 {
        throw RuntimeError("chown \(path) failed: \(String(cString: strerror(errno)))")
      }
    }
  }
}
