import FulcrumConfig
import FulcrumCore

/// `option external-check`: each checked server's program, arguments and environment, as
/// HAProxy 2.6 builds them (measured against `haproxy -db` with a script that prints them).
extension HealthPlanBuilder {
  var usesExternalCheck: Bool {
    if case .external = backend.healthCheck.probe { return true }
    return false
  }

  /// The external check of `server` (`identifier` is its `id` or the number HAProxy gives it).
  func externalCheck(
    _ server: Server, identifier: Int, interval: Duration
  ) throws(HealthPlanError)
    -> ExternalCheckPlan
  {
    let settings = backend.healthCheck
    let name = "server \(backend.name)/\(server.name) (\(server.location))"
    #if !os(Linux)
    throw HealthPlanError("\(name): external checks need Linux (pidfd and no-new-privileges) in this build")
    #endif
    guard let proxyIdentifier = proxyIdentifier ?? backend.identifier else {
      throw HealthPlanError("\(label) '\(backend.name)': the proxy's number is needed for HAPROXY_PROXY_ID")
    }
    guard let command = settings.externalCommand else {
      throw HealthPlanError("\(label) '\(backend.name)': 'option external-check' needs 'external-check command'")
    }
    // HAProxy refuses a checked server with neither a port nor `port`, external check or not.
    _ = try checkAddress(server)
    let (proxyAddress, proxyPort) = Self.firstListener(backend)
    let (serverAddress, serverPort) = try Self.serverArguments(server, name: name)
    let options = server.options
    let proto: String =
      switch backend.mode {
      case .tcp: "tcp"
      case .http: options.proto ?? "h1"
      }
    let environment = ExternalCheckPlan.environment([
      settings.externalPath ?? "", backend.name, "\(proxyIdentifier)", proxyAddress, proxyPort,
      server.name, "\(identifier)", serverAddress, serverPort, "\(options.maxconn ?? 0)",
      // Sessions are counted per event loop; the checker does not sum them (see
      // docs/architecture.md), so the program is told 0 as for an idle server.
      "0", options.ssl ? "1" : "0", proto,
    ])
    return ExternalCheckPlan(
      command: command, arguments: [proxyAddress, proxyPort, serverAddress, serverPort], environment: environment,
      searchPath: settings.externalPath ?? "", preservesEnvironment: global.externalCheckPreservesEnvironment,
      processCreationAllowed: global.insecureForkWanted, privilegeGainAllowed: global.insecureSetuidWanted,
      silencesStandardStreams: global.quiet,
      bound: connectBound(interval: interval))
  }

  /// `<proxy_address> <proxy_port>`: the first IPv4, IPv6 or UNIX listener of a `listen`
  /// section (its address as bound: `0.0.0.0` for `bind :80`, the first port of a range; a
  /// UNIX socket's path and `NOT_USED`); `NOT_USED` twice for a backend. `fd@` listeners are
  /// passed over, their family being unknown until run time.
  static func firstListener(_ proxy: Proxy) -> (String, String) {
    for bind in proxy.binds {
      for address in bind.addresses {
        switch address {
        case .ip(let ip, let ports): return (ip.description, "\(ports.lower)")
        case .unixPath(let path): return (path, ExternalCheckPlan.notUsed)
        // HAProxy copies `sun_path`, which starts with a NUL for an abstract socket.
        case .abstractNamespace: return ("", ExternalCheckPlan.notUsed)
        case .inheritedFD, .socketPair: continue
        }
      }
    }
    return (ExternalCheckPlan.notUsed, ExternalCheckPlan.notUsed)
  }

  /// `<server_address> <server_port>`: the server's own address (not `addr`/`port`, which
  /// HAProxy 2.6 does not pass), its port (0 without one, the offset for `+N`); a UNIX socket's
  /// path and `NOT_USED`.
  static func serverArguments(_ server: Server, name: String) throws(HealthPlanError) -> (String, String) {
    func port(_ port: ServerPort) -> String {
      switch port {
      case .fixed(let fixed): "\(fixed)"
      case .clientPortOffset(let offset): "\(UInt16(truncatingIfNeeded: offset))"
      }
    }
    switch server.address {
    case .ip(let ip, let serverPort):
      return (ip.description, port(serverPort))
    case .hostName(let host, _, let serverPort):
      guard let resolved = server.resolvedAddresses.first else {
        throw HealthPlanError("\(name): '\(host)' did not resolve, so the external check has no address to pass")
      }
      return (resolved, port(serverPort))
    case .unixPath(let path):
      return (path, ExternalCheckPlan.notUsed)
    case .abstractNamespace:
      return ("", ExternalCheckPlan.notUsed)
    case .socketPair:
      throw HealthPlanError("\(name): a 'sockpair@' server has no address to pass to an external check")
    }
  }
}
