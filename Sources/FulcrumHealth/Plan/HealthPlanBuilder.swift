import FulcrumConfig
import FulcrumCore
import NIOCore

/// Compiles a backend's check configuration (`check` and its server options, `option httpchk`,
/// `option tcp-check` and the presets with their `http-check`/`tcp-check` rules, `option
/// external-check`, `agent-check`, `timeout check`, `spread-checks`, `tune.bufsize`) into a
/// `BackendHealthPlan`. Refuses, with a message naming the line, what this build cannot check
/// as HAProxy would (TLS checks, PROXY headers, log-format and variables in rules) rather than
/// checking something else. Runs at start-up on the loading thread.
public struct HealthPlanBuilder {
  /// HAProxy's defaults.
  static let defaultInterval: Duration = .seconds(2)
  static let defaultRise = 2
  static let defaultFall = 3

  public let backend: Proxy
  public let global: GlobalSettings
  /// The Unix time written into the SSL hello's random bytes, as HAProxy writes the current one.
  public var helloTime: UInt32 = 0
  /// Writes the PROXY protocol headers of checks (the runtime gives the proxy target's
  /// encoder); without it a check that must send one is refused.
  public var proxyHeaderEncoder: CheckProxyHeader.Encoder?

  /// The backend's `id`, or the number HAProxy gives it (`FulcrumConfiguration.proxyIdentifiers`),
  /// for external checks' `HAPROXY_PROXY_ID`; the backend's own `id` when nil.
  public var proxyIdentifier: Int?

  public init(backend: Proxy, global: GlobalSettings, proxyIdentifier: Int? = nil) {
    self.backend = backend
    self.global = global
    self.proxyIdentifier = proxyIdentifier
  }

  var label: String { backend.kind == .listen ? "proxy" : "backend" }

  public func build() throws(HealthPlanError) -> BackendHealthPlan {
    let checked = backend.servers.contains { $0.options.check && !$0.options.disabled }
    // The script is compiled once, and only when some server uses it, so an unused
    // `option httpchk` in a defaults section does not refuse a backend without checks.
    let script = checked && !usesExternalCheck ? try healthScript() : nil
    let identifiers = backend.serverIdentifiers
    var servers: [ServerHealthPlan] = []
    for (index, server) in backend.servers.enumerated() {
      servers.append(try plan(for: server, script: script, identifier: identifiers[index]))
    }
    return BackendHealthPlan(
      name: backend.name, label: label, servers: servers, logHealthChecks: backend.flags.contains(.logHealthChecks))
  }

  func plan(
    for server: Server, script: (CheckScript, ExpectEvaluator)?, identifier: Int
  ) throws(HealthPlanError) -> ServerHealthPlan {
    let options = server.options
    var state = CheckStateMachine.Settings()
    state.rise = options.rise ?? Self.defaultRise
    state.fall = options.fall ?? Self.defaultFall
    state.interval = Self.duration(options.checkInterval) ?? Self.defaultInterval
    state.fastInterval = Self.duration(options.fastInterval)
    state.downInterval = Self.duration(options.downInterval)
    state.agentInterval = Self.duration(options.agentInterval) ?? Self.defaultInterval
    state.healthCheck = options.check
    state.agent = options.agentCheck
    state.weight = options.weight ?? 1
    state.spreadPercent = global.spreadChecks ?? 0
    state.onError = options.onError.flatMap(CheckStateMachine.OnError.init(rawValue:)) ?? .failCheck
    var plan = ServerHealthPlan(
      name: server.name, isBackup: options.backup, isDisabled: options.disabled, state: state, healthCheck: nil,
      agent: nil)
    plan.location = server.location
    if let track = options.track {
      let (backendName, serverName) = TrackedServerKey.split(track, in: backend.name)
      plan.tracks = TrackedServerKey(backend: backendName, server: serverName)
    }
    guard !options.disabled else { return plan }
    if options.check && usesExternalCheck {
      plan.externalCheck = try externalCheck(server, identifier: identifier, interval: state.interval)
    } else if options.check, let (script, evaluator) = script {
      try refuseEncapsulation(server)
      let address = try checkAddress(server)
      var target = target(address, interval: state.interval)
      target.proxyHeader = try proxyHeader(for: server, script: script)
      plan.healthCheck = ProbePlan(script: script, target: target, evaluator: evaluator)
      if script.steps.contains(where: \.sendsServerState) { plan.stateIdentity = stateIdentity(server) }
    }
    if options.agentCheck {
      plan.agent = try agentProbe(server, interval: state.agentInterval)
    }
    return plan
  }

  /// Who `server` is in its `X-Haproxy-Server-State` line: its address and port as configured
  /// (HAProxy's `svc_port`: 0 without a port, the offset of a relative one), `backend/server`
  /// and the node (the global `node`, else the host's name).
  func stateIdentity(_ server: Server) -> ServerStateIdentity {
    var address = "unix"
    var port = ""
    func portText(_ serverPort: ServerPort) -> String {
      switch serverPort {
      case .fixed(let fixed): "\(fixed)"
      case .clientPort: "0"
      case .clientPortOffset(let offset): "\(UInt16(truncatingIfNeeded: offset))"
      }
    }
    switch server.address {
    case .ip(let ip, let serverPort):
      address = ip.description
      port = portText(serverPort)
    case .hostName(let name, _, let serverPort):
      address = server.resolvedAddresses.first ?? name
      port = portText(serverPort)
    default:
      break
    }
    return ServerStateIdentity(
      address: address, port: port, name: "\(backend.name)/\(server.name)", node: global.node ?? HostName.current)
  }

  /// HAProxy checks through the server's TLS layer unless `addr` or `port` moves the check
  /// elsewhere; this build's checks do not speak TLS yet.
  func refuseEncapsulation(_ server: Server) throws(HealthPlanError) {
    let options = server.options
    let name = "server \(backend.name)/\(server.name) (\(server.location))"
    if options.checkSSL {
      throw HealthPlanError(
        "\(name): 'check-ssl' needs TLS, which health checks do not speak yet: remove it, or check a plain port with 'port'"
      )
    }
    let movedAway = options.checkPort != nil || options.checkAddress != nil
    if !movedAway && options.ssl {
      throw HealthPlanError(
        "\(name): its check would go through 'ssl' as HAProxy's does, which health checks do not do yet: give the check a plain port with 'port' (and 'addr')"
      )
    }
  }

  /// The PROXY header of the server's checks, as HAProxy decides it: the server's connects send
  /// it with `check-send-proxy`, or with `send-proxy`/`send-proxy-v2` when neither `port` nor
  /// `addr` moves the check; `connect send-proxy` rules send it anyway. Version 2 with
  /// `send-proxy-v2`. Nil when no connect sends one.
  func proxyHeader(for server: Server, script: CheckScript) throws(HealthPlanError) -> CheckProxyHeader? {
    let options = server.options
    let movedAway = options.checkPort != nil || options.checkAddress != nil
    let onServerConnects = options.checkSendProxy || (!movedAway && (options.sendProxy || options.sendProxyV2))
    let ruleSends = script.steps.contains { step in
      if case .connect(let connect) = step { connect.sendProxy } else { false }
    }
    guard onServerConnects || ruleSends else { return nil }
    guard let proxyHeaderEncoder else {
      throw HealthPlanError(
        "server \(backend.name)/\(server.name) (\(server.location)): its checks send a PROXY protocol header, and no encoder was given to write it"
      )
    }
    return CheckProxyHeader(
      version: options.sendProxyV2 ? .v2 : .v1, onServerConnects: onServerConnects,
      neverLocal: global.pp2NeverSendLocal, encode: proxyHeaderEncoder)
  }

  /// The address a health check connects to: the server's, with `addr` and `port` applied.
  func checkAddress(_ server: Server) throws(HealthPlanError) -> SocketAddress {
    let options = server.options
    let name = "server \(backend.name)/\(server.name) (\(server.location))"
    var host: String?
    var port: Int?
    switch server.address {
    case .ip(let ip, let serverPort):
      if !ip.isAny { host = ip.description }
      if case .fixed(let fixed) = serverPort { port = Int(fixed) }
    case .hostName(_, _, let serverPort):
      host = server.resolvedAddresses.first
      if case .fixed(let fixed) = serverPort { port = Int(fixed) }
    case .unixPath(let path) where options.checkAddress == nil && options.checkPort == nil:
      do {
        return try SocketAddress(unixDomainSocketPath: path)
      } catch {
        throw HealthPlanError("\(name): cannot check '\(path)': \(error)")
      }
    default:
      break
    }
    if let address = options.checkAddress { host = address }
    if let checkPort = options.checkPort { port = checkPort }
    guard let host else {
      throw HealthPlanError("\(name): 'check' needs an address to connect to: give the server an IP address or 'addr'")
    }
    guard let port else {
      throw HealthPlanError("\(name): the server has no fixed port, so 'check' needs 'port'")
    }
    do {
      return try SocketAddress(ipAddress: host, port: port)
    } catch {
      throw HealthPlanError("\(name): 'addr \(host)' is not an IP address: \(error)")
    }
  }

  func agentProbe(_ server: Server, interval: Duration) throws(HealthPlanError) -> ProbePlan {
    let options = server.options
    let name = "server \(backend.name)/\(server.name) (\(server.location))"
    guard let port = options.agentPort else {
      throw HealthPlanError("\(name): 'agent-check' needs 'agent-port'")
    }
    var host = options.agentAddress ?? options.checkAddress
    if host == nil {
      switch server.address {
      case .ip(let ip, _) where !ip.isAny: host = ip.description
      case .hostName: host = server.resolvedAddresses.first
      default: break
      }
    }
    guard let host else {
      throw HealthPlanError("\(name): 'agent-check' needs an IP address: give the server one or set 'agent-addr'")
    }
    let address: SocketAddress
    do {
      address = try SocketAddress(ipAddress: host, port: port)
    } catch {
      throw HealthPlanError("\(name): 'agent-addr \(host)' is not an IP address (host names are not resolved here)")
    }
    var steps: [CheckStep] = [.connect(CheckConnect())]
    if let send = options.agentSend, !send.isEmpty { steps.append(.send(Array(send.utf8), number: nil, comment: nil)) }
    steps.append(.expect(CheckExpectation(.agentReply)))
    let script = CheckScript(kind: .agent, steps: steps, success: CheckOutcome(status: .layer4OK))
    return ProbePlan(script: script, target: target(address, interval: interval))
  }

  /// The time bounds of a check: `inter` for all of it, or with `timeout check`, the smaller of
  /// `timeout connect` and `inter` to connect and `timeout check` from there.
  func target(_ address: SocketAddress, interval: Duration) -> CheckTarget {
    let exchange = backend.timeouts.check.map { TimeAmount.milliseconds(Int64($0.milliseconds)) }
    return CheckTarget(
      address: address, connectBound: connectBound(interval: interval), exchangeBound: exchange,
      bufferLimit: global.bufferSize)
  }

  /// The bound until a check is connected: `inter`, or with `timeout check` set, the smaller
  /// of `inter` and `timeout connect`. HAProxy 2.6 bounds an external check's program by it too.
  func connectBound(interval: Duration) -> TimeAmount {
    let inter = TimeAmount.nanoseconds(interval.nanoseconds)
    guard backend.timeouts.check != nil, let timeout = backend.timeouts.connect else { return inter }
    return min(inter, .milliseconds(Int64(timeout.milliseconds)))
  }

  static func duration(_ value: TimeValue?) -> Duration? {
    value.map { .milliseconds($0.milliseconds) }
  }

  /// The health check's script for the backend's check type.
  func healthScript() throws(HealthPlanError) -> (CheckScript, ExpectEvaluator) {
    let settings = backend.healthCheck
    switch settings.probe {
    case .tcpConnect:
      if let rule = settings.httpCheckRules.first ?? settings.tcpCheckRules.first {
        throw HealthPlanError(
          "backend '\(backend.name)': '\(rule.action)' rules (\(rule.location)) only apply with 'option httpchk' or 'option tcp-check': add the option, or remove the rules"
        )
      }
      if settings.disableOn404 {
        throw HealthPlanError("backend '\(backend.name)': 'http-check disable-on-404' needs 'option httpchk'")
      }
      let script = CheckScript(
        kind: .connect, steps: [.connect(CheckConnect())], success: CheckOutcome(status: .layer4OK))
      return (script, ExpectEvaluator())
    case .http(let method, let uri, let version):
      return try httpScript(method: method, uri: uri, version: version)
    case .tcpCheck:
      return (try tcpCheckScript(), ExpectEvaluator())
    case .external:
      throw HealthPlanError("backend '\(backend.name)': an external check has no script (see externalCheck)")
    default:
      return (try presetScript(settings.probe), ExpectEvaluator())
    }
  }
}
