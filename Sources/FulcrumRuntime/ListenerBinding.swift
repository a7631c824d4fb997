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
/// backlog). An IP listener with `interface` gets a socket made here, bound to the device
/// before its address, then adopted. Control plane: called from `ProxyRuntime.start`; `warn`
/// takes what HAProxy reports as a warning and goes on from.
enum ListenerBinding {
  static func bind(
    _ listener: ServingPlan.Listener, with bootstrap: ServerBootstrap, warn: (String) -> Void = { _ in }
  ) async throws -> any Channel {
    switch listener.endpoint {
    case .ip(let address) where makesOwnSocket(listener):
      let descriptor = try deviceBoundSocket(address, listener: listener, warn: warn)
      return try await adopt(descriptor, backlog: listener.backlog ?? 1024, with: bootstrap, name: "\(address)")
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
      guard let backlog = listener.backlog else { return try await bootstrap.withBoundSocket(descriptor).get() }
      return try await adopt(descriptor, backlog: backlog, with: bootstrap, name: "fd@\(descriptor)")
    }
  }

  /// Whether the runtime makes `listener`'s socket itself: an IP listener with `interface`.
  static func makesOwnSocket(_ listener: ServingPlan.Listener) -> Bool {
    guard listener.interface != nil, case .ip = listener.endpoint else { return false }
    return true
  }

  /// Hands a bound socket to NIO, then listens with `backlog` (NIO listens with its default
  /// when adopting a socket).
  private static func adopt(
    _ descriptor: Int32, backlog: Int, with bootstrap: ServerBootstrap, name: String
  ) async throws -> any Channel {
    let channel = try await bootstrap.withBoundSocket(descriptor).get()
    if listen(descriptor, Int32(clamping: backlog)) != 0 {
      let reason = String(cString: strerror(errno))
      try? await channel.close()
      throw RuntimeError("listen(\(name)) failed: \(reason)")
    }
    return channel
  }

  /// A TCP socket bound to `address` as HAProxy makes one with `interface`: `SO_REUSEADDR`,
  /// `IP_TRANSPARENT` for `transparent` (refused: fatal), `SO_BINDTODEVICE` (refused, say
  /// without CAP_NET_RAW: a warning, and the socket listens on every interface, as in
  /// HAProxy), `IPV6_V6ONLY` as the line asks, then the bind.
  static func deviceBoundSocket(
    _ address: SocketAddress, listener: ServingPlan.Listener, warn: (String) -> Void
  ) throws -> Int32 {
    #if os(Linux)
    let inet6 = address.protocol == .inet6
    let descriptor = socket(
      inet6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else {
      throw RuntimeError("cannot create receiving socket (\(String(cString: strerror(errno))))")
    }
    func fail(_ message: String) -> RuntimeError {
      let error = RuntimeError("\(message) (\(String(cString: strerror(errno))))")
      close(descriptor)
      return error
    }
    func set(_ level: Int32, _ name: Int32, _ value: Int32) -> Bool {
      var value = value
      return setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }
    _ = set(SOL_SOCKET, SO_REUSEADDR, 1)
    if listener.transparent {
      let made = inet6 ? set(Int32(IPPROTO_IPV6), IPV6_TRANSPARENT, 1) : set(Int32(IPPROTO_IP), IP_TRANSPARENT, 1)
      guard made else { throw fail("cannot make receiving socket transparent") }
    }
    if let interface = listener.interface {
      let bound = interface.withCString { name in
        setsockopt(descriptor, SOL_SOCKET, SO_BINDTODEVICE, name, socklen_t(strlen(name) + 1)) == 0
      }
      if !bound {
        warn("cannot bind receiver to device '\(interface)' (\(String(cString: strerror(errno))))")
      }
    }
    if inet6, let only = listener.ipv6Only { _ = set(Int32(IPPROTO_IPV6), IPV6_V6ONLY, only ? 1 : 0) }
    let result = address.withSockAddr { pointer, size in Glibc.bind(descriptor, pointer, socklen_t(size)) }
    guard result == 0 else { throw fail("cannot bind socket") }
    return descriptor
    #else
    throw RuntimeError("'interface' (SO_BINDTODEVICE) is only supported on Linux; remove it")
    #endif
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
