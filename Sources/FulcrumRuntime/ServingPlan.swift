import FulcrumBalancing
import FulcrumConfig
import FulcrumCore
import FulcrumHealth
import FulcrumProxy
import NIOCore

/// What the data plane will run, compiled from a validated configuration: one entry per
/// frontend with the sockets to listen on and the sessions' settings. Built off the event
/// loops at start-up; immutable afterwards. Parts of a configuration this build cannot serve
/// yet are refused here with a `RuntimeError` naming them, never silently skipped.
public struct ServingPlan: Sendable {
  public struct Frontend: Sendable {
    public var name: String
    public var backendName: String
    /// Listening sockets; tests may replace them (e.g. with port 0) before starting.
    public var listenAddresses: [SocketAddress]
    public var backlog: Int?
    public var maxconn: Int?
    public var session: TCPSessionSettings
    /// How the backend picks among `session.servers` (same order, declaration order).
    public var balancing: BackendBalancing
  }

  public var frontends: [Frontend]
  public var globalMaxconn: Int?
  /// `nbthread`, or `nil` to use the CPUs this process may run on.
  public var threads: Int?
  /// The checks of the backends served (`FulcrumHealth`).
  public var healthChecks: [BackendHealthPlan] = []

  /// HAProxy's default `retries`.
  static let defaultRetries = 3
  /// Used when `timeout connect` is not set (HAProxy then warns; NIO needs a bound).
  static let fallbackConnectTimeout = TimeAmount.seconds(10)

  public static func build(_ configuration: FulcrumConfiguration) throws(RuntimeError) -> ServingPlan {
    var frontends: [Frontend] = []
    for proxy in configuration.proxies where proxy.hasFrontend && !proxy.disabled {
      frontends.append(try frontend(proxy, in: configuration))
    }
    guard !frontends.isEmpty else {
      throw RuntimeError("the configuration has no frontend or listen section with a 'bind' line: nothing to serve")
    }
    var plan = ServingPlan(
      frontends: frontends, globalMaxconn: configuration.global.maxconn, threads: configuration.global.nbthread)
    plan.healthChecks = try healthPlans(in: configuration)
    return plan
  }

  static func frontend(_ proxy: Proxy, in configuration: FulcrumConfiguration) throws(RuntimeError) -> Frontend {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    guard proxy.mode == .tcp else {
      throw RuntimeError(
        "\(label) is 'mode http': this build serves 'mode tcp' only; HTTP proxying is the next part of the data plane")
    }
    guard !proxy.binds.isEmpty else { throw RuntimeError("\(label) has no 'bind' line") }
    let backend = try backend(for: proxy, in: configuration)
    var addresses: [SocketAddress] = []
    for bind in proxy.binds {
      addresses += try socketAddresses(for: bind, label: label)
    }
    let servers = try upstreamServers(of: backend)
    let balancing = try BackendBalancing.tcp(backend)
    let timeouts = backend.timeouts
    let idle = [proxy.timeouts.client, timeouts.server].compactMap { $0 }.min()
    let session = TCPSessionSettings(
      servers: servers,
      connectTimeout: timeouts.connect.map { .milliseconds(Int64($0.milliseconds)) } ?? fallbackConnectTimeout,
      idleTimeout: (timeouts.tunnel ?? idle).map { .milliseconds(Int64($0.milliseconds)) },
      retries: backend.retries ?? defaultRetries,
      redispatchInterval: backend.redispatch)
    return Frontend(
      name: proxy.name, backendName: backend.name, listenAddresses: addresses, backlog: proxy.backlog,
      maxconn: proxy.maxconn, session: session, balancing: balancing)
  }

  /// The backend a frontend's sessions go to: the first `use_backend` (which must be
  /// unconditional until rules are evaluated), else `default_backend`, else itself (`listen`).
  static func backend(for proxy: Proxy, in configuration: FulcrumConfiguration) throws(RuntimeError) -> Proxy {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    if let rule = proxy.useBackend.first {
      guard rule.condition == nil else {
        throw RuntimeError(
          "\(label): 'use_backend \(rule.target) \(rule.condition?.polarity.rawValue ?? "") ...' (\(rule.location)) has a condition, and conditions are not evaluated yet: use 'default_backend' or an unconditional 'use_backend'"
        )
      }
      guard let target = configuration.backend(named: rule.target) else {
        throw RuntimeError("\(label): no backend '\(rule.target)'")
      }
      return target
    }
    if let name = proxy.defaultBackend {
      guard let target = configuration.backend(named: name) else {
        throw RuntimeError("\(label): no backend '\(name)'")
      }
      return target
    }
    if proxy.hasBackend { return proxy }
    throw RuntimeError("\(label) has no 'default_backend': add one so connections have somewhere to go")
  }

  static func socketAddresses(for bind: Bind, label: String) throws(RuntimeError) -> [SocketAddress] {
    var result: [SocketAddress] = []
    for address in bind.addresses {
      switch address {
      case .ip(let ip, let ports):
        for port in ports.ports {
          do {
            result.append(try SocketAddress(ipAddress: ip.description, port: Int(port)))
          } catch {
            throw RuntimeError("\(label): 'bind \(bind.spelling)' (\(bind.location)): \(error)")
          }
        }
      case .unixPath(let path):
        do {
          result.append(try SocketAddress(unixDomainSocketPath: path))
        } catch {
          throw RuntimeError("\(label): 'bind \(bind.spelling)' (\(bind.location)): \(error)")
        }
      case .abstractNamespace, .inheritedFD, .socketPair:
        throw RuntimeError(
          "\(label): 'bind \(bind.spelling)' (\(bind.location)): abstract, fd@ and sockpair@ listeners are not served yet; use an IP address or a unix@ path"
        )
      }
    }
    return result
  }

  /// Every server of the backend in declaration order, backups and `disabled` ones included:
  /// the balancing algorithm decides which take traffic, and its server indexes are these.
  static func upstreamServers(of backend: Proxy) throws(RuntimeError) -> [UpstreamServer] {
    var servers: [UpstreamServer] = []
    for server in backend.servers {
      servers.append(try upstream(server, in: backend))
    }
    return servers
  }

  static func upstream(_ server: Server, in backend: Proxy) throws(RuntimeError) -> UpstreamServer {
    let label = "server \(backend.name)/\(server.name) (\(server.location))"
    do {
      switch server.address {
      case .ip(let ip, .fixed(let port)) where !ip.isAny:
        return UpstreamServer(name: server.name, address: try SocketAddress(ipAddress: ip.description, port: Int(port)))
      case .hostName(_, _, .fixed(let port)):
        guard let first = server.resolvedAddresses.first else {
          throw RuntimeError("\(label): its host name did not resolve at start-up")
        }
        return UpstreamServer(name: server.name, address: try SocketAddress(ipAddress: first, port: Int(port)))
      case .unixPath(let path):
        return UpstreamServer(name: server.name, address: try SocketAddress(unixDomainSocketPath: path))
      default:
        throw RuntimeError(
          "\(label): addresses without a fixed port, port offsets, the client's destination and abstract sockets are not served yet; give an IP address and port"
        )
      }
    } catch let error as RuntimeError {
      throw error
    } catch {
      throw RuntimeError("\(label): \(error)")
    }
  }
}
