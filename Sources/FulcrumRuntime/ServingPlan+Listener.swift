import FulcrumConfig
import FulcrumCore
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServingPlan {
  /// One listening socket of a frontend and the `bind` options that shape it and its
  /// connections. Compiled once from a `bind` line; immutable; any thread.
  public struct Listener: Sendable {
    /// What to listen on.
    public enum Endpoint: Sendable, Equatable {
      /// An IP address and port (`bind 10.0.0.1:80`, `bind [::]:443`).
      case ip(SocketAddress)
      /// A unix socket file (`bind /run/lb.sock`, `bind unix@lb.sock`), replaced if it exists.
      case unixPath(String)
      /// A Linux abstract-namespace unix socket (`bind abns@name`): the name padded with zeros
      /// to the whole socket address, as HAProxy binds it.
      case abstractNamespace(SocketAddress)
      /// A listening socket inherited from the parent process (`bind fd@3`).
      case inheritedSocket(Int32)
    }

    public var endpoint: Endpoint
    /// `accept-proxy`: connections start with a PROXY protocol header.
    public var acceptProxy = false
    /// `IPV6_V6ONLY` for an IPv6 address: true for `v6only`, false for `v4v6`, nil to keep the
    /// system's default (`net.ipv6.bindv6only`).
    public var ipv6Only: Bool?
    /// `backlog` of the `bind` line, else of the frontend.
    public var backlog: Int?
    /// `defer-accept`: the kernel hands over a connection once data arrive on it (up to about
    /// a second later), as HAProxy sets `TCP_DEFER_ACCEPT` to 1.
    public var deferAccept = false
    /// `transparent`: the socket may bind an address this host does not own (`IP_TRANSPARENT`,
    /// `IPV6_TRANSPARENT`; needs CAP_NET_ADMIN).
    public var transparent = false
    /// `tfo`: TCP Fast Open, with the backlog as its queue length, as HAProxy sets it.
    public var fastOpen = false
    /// `interface`: an IP listener takes only connections arriving on this network interface
    /// (`SO_BINDTODEVICE`, set before the bind; needs CAP_NET_RAW).
    public var interface: String?
    /// `option tcp-smart-accept`, on by default in `mode http`: `TCP_QUICKACK` off on the
    /// listening socket, as HAProxy 2.6 sets it, so the ACK of a request may leave with its
    /// response. (Linux resets an accepted socket's delayed-ACK state, so recent kernels send
    /// that ACK anyway; HAProxy sets the option regardless, and so does Fulcrum.)
    public var delaysAcceptAck = false
    /// `maxconn` of the `bind` line: this socket's own limit (each address and port of the line
    /// gets it whole, as in HAProxy); nil for none (0 on the line).
    public var maxconn: Int?
    /// `mode`, `user`/`uid`, `group`/`gid` applied to a unix socket file after binding.
    public var unixPermissions: UnixSocketPermissions?
    /// `'bind <address>' (file:line)`, for messages.
    public var label: String

    public init(endpoint: Endpoint, label: String) {
      self.endpoint = endpoint
      self.label = label
    }

    /// The socket address of an IP or unix path endpoint.
    public var socketAddress: SocketAddress? {
      switch endpoint {
      case .ip(let address), .abstractNamespace(let address): address
      case .unixPath(let path): try? SocketAddress(unixDomainSocketPath: path)
      case .inheritedSocket: nil
      }
    }
  }

  /// The owner and permissions a unix listening socket's file gets after it is bound.
  public struct UnixSocketPermissions: Sendable, Equatable {
    public var mode: mode_t?
    public var owner: uid_t?
    public var group: gid_t?

    public init(mode: mode_t? = nil, owner: uid_t? = nil, group: gid_t? = nil) {
      self.mode = mode
      self.owner = owner
      self.group = group
    }
  }

  /// `option tcp-smart-accept`: set, or by default in `mode http` unless `no option
  /// tcp-smart-accept` turned it off.
  static func delaysAcceptAck(_ frontend: Proxy) -> Bool {
    frontend.flags.contains(.tcpSmartAccept)
      || (frontend.mode == .http && !frontend.negatedFlags.contains(.tcpSmartAccept))
  }

  /// The listeners of one `bind` line: one per address and port, each with the line's options.
  static func listeners(
    for bind: Bind, frontendBacklog: Int?, label: String, delaysAcceptAck: Bool = false,
    unixDefaults: UnixBindDefaults = UnixBindDefaults()
  ) throws(RuntimeError) -> [Listener] {
    let line = "\(label): 'bind \(bind.spelling)' (\(bind.location))"
    var template = Listener(endpoint: .inheritedSocket(-1), label: "'bind \(bind.spelling)' (\(bind.location))")
    template.acceptProxy = bind.acceptProxy
    template.ipv6Only = bind.v6only ? true : (bind.v4v6 ? false : nil)
    template.backlog = bind.backlog ?? frontendBacklog
    template.maxconn = bind.maxconn.flatMap { $0 > 0 ? $0 : nil }
    template.deferAccept = bind.deferAccept
    template.transparent = bind.transparent
    template.fastOpen = bind.tcpFastOpen
    template.interface = bind.interface
    template.delaysAcceptAck = delaysAcceptAck
    var result: [Listener] = []
    for address in bind.addresses {
      var listener = template
      switch address {
      case .ip(let ip, let ports):
        for port in ports.ports {
          do {
            listener.endpoint = .ip(try SocketAddress(ipAddress: ip.description, port: Int(port)))
          } catch {
            throw RuntimeError("\(line): \(error)")
          }
          result.append(listener)
        }
        continue
      case .unixPath(let path):
        // `unix-bind prefix` is put before the path as written, as HAProxy does.
        listener.endpoint = .unixPath((unixDefaults.prefix ?? "") + path)
        listener.unixPermissions = try unixPermissions(of: bind, defaults: unixDefaults, line: line)
      case .abstractNamespace(let name):
        listener.endpoint = .abstractNamespace(try abstractAddress(name, line: line))
      case .inheritedFD(let descriptor):
        listener.endpoint = .inheritedSocket(descriptor)
      case .socketPair:
        throw RuntimeError(
          "\(line): sockpair@ listeners (connections passed over a socket pair) are not served yet; use an IP address, a unix@ path or fd@"
        )
      }
      result.append(listener)
    }
    return result
  }

  /// A unix socket address whose path starts with a NUL: the abstract namespace, the name
  /// padded with zeros to the size of the address as HAProxy binds it.
  static func abstractAddress(_ name: String, line: String) throws(RuntimeError) -> SocketAddress {
    #if os(Linux)
    var raw = sockaddr_un()
    raw.sun_family = sa_family_t(NIOBSDSocket.AddressFamily.unix.rawValue)
    let bytes = Array(name.utf8)
    let capacity = MemoryLayout.size(ofValue: raw.sun_path)
    guard bytes.count < capacity else {
      throw RuntimeError("\(line): the abstract name is longer than \(capacity - 1) bytes")
    }
    withUnsafeMutableBytes(of: &raw.sun_path) { path in
      for (index, byte) in bytes.enumerated() { path[index + 1] = byte }
    }
    return SocketAddress(raw)
    #else
    throw RuntimeError("\(line): abstract unix sockets (abns@) exist only on Linux; use a unix@ path")
    #endif
  }

  /// `mode` (octal), `user`/`uid` and `group`/`gid` of a unix socket line, each else from
  /// `unix-bind`; nil when none is set.
  static func unixPermissions(
    of bind: Bind, defaults: UnixBindDefaults = UnixBindDefaults(), line: String
  ) throws(RuntimeError) -> UnixSocketPermissions? {
    let modeText = bind.socketMode ?? defaults.mode
    let userText = bind.socketUser ?? defaults.user
    let groupText = bind.socketGroup ?? defaults.group
    guard modeText != nil || userText != nil || groupText != nil else { return nil }
    var permissions = UnixSocketPermissions()
    if let text = modeText {
      guard let mode = mode_t(text, radix: 8), mode <= 0o7777 else {
        throw RuntimeError("\(line): 'mode \(text)' is not an octal mode such as 660")
      }
      permissions.mode = mode
    }
    if let user = userText {
      if let number = uid_t(user) {
        permissions.owner = number
      } else if let entry = getpwnam(user) {
        permissions.owner = entry.pointee.pw_uid
      } else {
        throw RuntimeError("\(line): unknown user name '\(user)'")
      }
    }
    if let group = groupText {
      if let number = gid_t(group) {
        permissions.group = number
      } else if let entry = getgrnam(group) {
        permissions.group = entry.pointee.gr_gid
      } else {
        throw RuntimeError("\(line): unknown group name '\(group)'")
      }
    }
    return permissions
  }
}

extension ServingPlan.Frontend {
  /// The listeners' socket addresses (an `fd@` listener has none). Setting it replaces the
  /// listeners with ones on the given addresses, each keeping the options of the listener at
  /// its position (or the last one): tests use it to move a frontend to 127.0.0.1 port 0.
  public var listenAddresses: [SocketAddress] {
    get { listeners.compactMap(\.socketAddress) }
    set {
      let templates = listeners
      listeners = newValue.enumerated().map { index, address in
        var listener =
          templates.isEmpty
          ? ServingPlan.Listener(endpoint: .ip(address), label: "\(address)")
          : templates[min(index, templates.count - 1)]
        if let path = address.pathname, !path.isEmpty {
          listener.endpoint = .unixPath(path)
        } else {
          listener.endpoint = .ip(address)
          listener.unixPermissions = nil
        }
        return listener
      }
    }
  }
}
