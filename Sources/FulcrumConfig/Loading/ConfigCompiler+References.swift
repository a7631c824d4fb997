import FulcrumCore

extension ConfigCompiler {
  /// Checks every name one part of the configuration uses to point at another, once all
  /// sections are known, and expands `server-template` lines.
  mutating func validateReferences() {
    let backends = backendIndex()
    // The tracking links accepted so far, in declaration order, to find loops as HAProxy does.
    var tracks: [TrackedServerKey: TrackedServerKey] = [:]
    for index in proxies.indices {
      // Static, so that mutating one element does not copy `self` (and with it every proxy).
      Self.expandTemplates(&proxies[index])
      let proxy = proxies[index]
      // A rejected line was reported already; do not report its setting as missing too.
      let rejected = rejectedInProxies[index]
      checkDuplicateServers(proxy)
      if proxy.hasFrontend {
        if proxy.binds.isEmpty && !rejected.contains("bind") {
          diagnostics.warning(
            "\(proxy.kind.rawValue) '\(proxy.name)' has no 'bind' line, so it accepts no connection; declare it as a backend if that was intended",
            at: proxy.location)
        }
        if let target = proxy.defaultBackend {
          checkBackend(
            target, from: proxy, keyword: "default_backend", at: proxy.defaultBackendLocation ?? proxy.location,
            backends: backends)
        }
        for rule in proxy.useBackend where !rule.target.contains("%[") {
          checkBackend(rule.target, from: proxy, keyword: "use_backend", at: rule.location, backends: backends)
        }
        if proxy.timeouts.client == nil && !proxy.disabled
          && rejected.isDisjoint(with: ["timeout client", "clitimeout"])
        {
          diagnostics.warning(
            "missing 'timeout client' in \(proxy.kind.rawValue) '\(proxy.name)': idle clients would be kept forever; set it (e.g. 'timeout client 30s') in the proxy or its defaults",
            at: proxy.location)
        }
      }
      if proxy.mode == .http, proxy.flags.contains(.independentStreams) {
        diagnostics.warning(
          "'option independent-streams' in \(proxy.kind.rawValue) '\(proxy.name)': Fulcrum applies it to mode tcp sessions only; in mode http, what is sent to a side still refreshes its timeout",
          at: proxy.location)
      }
      if proxy.hasBackend {
        checkExternalCheck(proxy)
        if proxy.timeouts.connect == nil || proxy.timeouts.server == nil, !proxy.disabled, !proxy.servers.isEmpty,
          rejected.isDisjoint(with: ["timeout connect", "timeout server", "contimeout", "srvtimeout"])
        {
          diagnostics.warning(
            "missing 'timeout connect' or 'timeout server' in \(proxy.kind.rawValue) '\(proxy.name)': set both (e.g. 'timeout connect 5s', 'timeout server 30s')",
            at: proxy.location)
        }
        for server in proxy.servers {
          if let track = server.options.track {
            checkTrack(track, server: server, in: proxy, backends: backends, tracks: &tracks)
          }
          if server.options.observe == "layer7", proxy.mode != .http {
            // haproxy 2.6: "'server be/s1' : 'layer7' can only be used in http proxies."
            diagnostics.alert(
              "'server \(proxy.name)/\(server.name)': 'observe layer7' can only be used in http proxies: use 'observe layer4' or 'mode http'",
              at: server.location)
          }
          if server.options.redirectPrefix != nil, proxy.mode != .http {
            // haproxy 2.6: "backend 'be' : server cannot have cookie or redirect prefix in non-HTTP mode."
            diagnostics.alert(
              "'server \(proxy.name)/\(server.name)': 'redir' needs 'mode http' (a TCP connection has no request to redirect)",
              at: server.location)
          }
          if let resolvers = server.options.resolvers {
            diagnostics.alert(
              "'server \(proxy.name)/\(server.name)': 'resolvers \(resolvers)' names a resolvers section, which Fulcrum does not support yet; servers are resolved once at start-up (as 'init-addr libc'): remove the option",
              at: server.location)
          }
        }
        for rule in proxy.useServer where !proxy.servers.contains(where: { $0.name == rule.target }) {
          diagnostics.alert("use-server: backend '\(proxy.name)' has no server '\(rule.target)'", at: rule.location)
        }
      }
      for reference in proxy.errors.groups where httpErrorGroups[reference.group] == nil {
        diagnostics.alert(
          "errorfiles: no 'http-errors \(reference.group)' section is declared", at: reference.location)
      }
    }
  }

  /// The position of the first proxy with a backend side of each name, so each reference is
  /// one lookup rather than a scan of every proxy.
  func backendIndex() -> [String: Int] {
    var index: [String: Int] = [:]
    for position in proxies.indices where proxies[position].hasBackend && index[proxies[position].name] == nil {
      index[proxies[position].name] = position
    }
    return index
  }

  mutating func checkBackend(
    _ name: String, from proxy: Proxy, keyword: String, at location: SourceLocation, backends: [String: Int]
  ) {
    guard let position = backends[name] else {
      let names = proxies.filter(\.hasBackend).map(\.name)
      diagnostics.alert(
        "\(proxy.kind.rawValue) '\(proxy.name)': \(keyword) '\(name)' names no backend\(KeywordSuggestion.hint(for: name, among: names))",
        at: location)
      return
    }
    if proxy.mode == .http && proxies[position].mode == .tcp {
      diagnostics.alert(
        "\(proxy.kind.rawValue) '\(proxy.name)' (mode http) cannot use backend '\(name)' (mode tcp): set the same mode on both",
        at: location)
    }
  }

  /// `track [<backend>/]<server>`: the tracked server must exist in a backend (the name is
  /// split at the last `/`, as HAProxy splits it), have a check, an agent or a `track` of its
  /// own, and not lead back to the tracking server; the server itself must not have `check`, and
  /// both backends must agree on `http-check disable-on-404`. Reported as HAProxy 2.6 reports
  /// them, on the tracking server's line; a loop is reported on the server that closes it.
  mutating func checkTrack(
    _ track: String, server: Server, in proxy: Proxy, backends: [String: Int],
    tracks: inout [TrackedServerKey: TrackedServerKey]
  ) {
    let owner = "'server \(proxy.name)/\(server.name)'"
    if server.options.check {
      diagnostics.alert(
        "\(owner) : unable to enable checks and tracking at the same time: remove 'check' (it may come from 'default-server') or 'track'",
        at: server.location)
      return
    }
    let (backendName, serverName) = TrackedServerKey.split(track, in: proxy.name)
    guard let position = backends[backendName] else {
      diagnostics.alert(
        "\(owner) : unable to find required proxy '\(backendName)' for tracking: 'track' names a backend or listen section, then '/' and a server",
        at: server.location)
      return
    }
    let backend = proxies[position]
    guard let tracked = backend.servers.first(where: { $0.name == serverName }) else {
      diagnostics.alert(
        "\(owner) : unable to find required server '\(serverName)' for tracking in backend '\(backendName)'",
        at: server.location)
      return
    }
    let target = TrackedServerKey(backend: backendName, server: serverName)
    if !tracked.options.check && !tracked.options.agentCheck && tracked.options.track == nil {
      diagnostics.alert(
        "\(owner) : unable to use \(target) for tracking as it does not have any check nor agent enabled: add 'check' to it",
        at: server.location)
      return
    }
    let me = TrackedServerKey(backend: proxy.name, server: server.name)
    var next: TrackedServerKey? = target
    while let link = next, link != me { next = tracks[link] }
    if next == me {
      diagnostics.alert(
        "\(owner) : unable to track \(target) as it belongs to a tracking chain looping back to \(me)",
        at: server.location)
      return
    }
    if proxy.healthCheck.disableOn404 != backend.healthCheck.disableOn404 {
      diagnostics.alert(
        "\(owner) : unable to use \(target) for tracking: disable-on-404 option inconsistency: set 'http-check disable-on-404' in both backends or in neither",
        at: server.location)
      return
    }
    tracks[me] = target
  }

  mutating func checkDuplicateServers(_ proxy: Proxy) {
    var seen: [String: SourceLocation] = [:]
    seen.reserveCapacity(proxy.servers.count)
    for server in proxy.servers {
      if let first = seen[server.name] {
        diagnostics.alert(
          "\(proxy.kind.rawValue) '\(proxy.name)' has two servers named '\(server.name)' (the first at \(first)): server names must be unique",
          at: server.location)
      } else {
        seen[server.name] = server.location
      }
    }
  }

  /// `server-template web 1-3 host:80` becomes servers web1, web2, web3.
  static func expandTemplates(_ proxy: inout Proxy) {
    for template in proxy.serverTemplates {
      for number in template.range {
        proxy.servers.append(
          Server(
            name: "\(template.prefix)\(number)", address: template.address, options: template.options,
            location: template.location))
      }
    }
  }

  /// `crt-base` and `ca-base` prefix relative certificate and CA paths, as in HAProxy.
  mutating func applyBasePaths() {
    func based(_ path: String, _ base: String?) -> String {
      guard let base, !path.hasPrefix("/") else { return path }
      return base.hasSuffix("/") ? base + path : base + "/" + path
    }
    for index in proxies.indices {
      for bindIndex in proxies[index].binds.indices {
        proxies[index].binds[bindIndex].certificates = proxies[index].binds[bindIndex].certificates.map {
          based($0, global.crtBase)
        }
        proxies[index].binds[bindIndex].certificateLists = proxies[index].binds[bindIndex].certificateLists.map {
          based($0, global.crtBase)
        }
        proxies[index].binds[bindIndex].caFile = proxies[index].binds[bindIndex].caFile.map { based($0, global.caBase) }
      }
      for serverIndex in proxies[index].servers.indices {
        proxies[index].servers[serverIndex].options.certificate = proxies[index].servers[serverIndex].options
          .certificate
          .map { based($0, global.crtBase) }
        proxies[index].servers[serverIndex].options.caFile = proxies[index].servers[serverIndex].options.caFile.map {
          based($0, global.caBase)
        }
      }
    }
  }

  /// Resolves server host names as `init-addr libc` does; a name that does not resolve is an
  /// error unless the server's `init-addr` allows starting without an address.
  mutating func resolveServers() {
    var cache: [String: Result<[IPAddress], ValueError>] = [:]
    for index in proxies.indices {
      for serverIndex in proxies[index].servers.indices {
        let server = proxies[index].servers[serverIndex]
        guard case .hostName(let host, let family, _) = server.address else { continue }
        let methods = server.options.initAddr ?? ["last", "libc"]
        guard methods.contains("libc") || methods.contains("last") else { continue }
        let key = "\(family?.rawValue ?? "")@\(host)"
        let result =
          cache[key]
          ?? Result { () throws(ValueError) -> [IPAddress] in try resolver.resolve(host, family: family) }
        cache[key] = result
        switch result {
        case .success(let addresses):
          proxies[index].servers[serverIndex].resolvedAddresses = addresses.map(\.description)
        case .failure(let error):
          let mayStartWithout = methods.contains("none") || methods.contains(where: ServerOptionParser.looksLikeIP)
          if mayStartWithout || ignoresResolutionFailures { continue }
          diagnostics.alert(
            "'server \(proxies[index].name)/\(server.name)' : \(error.description)", at: server.location)
        }
      }
    }
  }
}
