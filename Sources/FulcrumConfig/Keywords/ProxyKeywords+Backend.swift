import FulcrumCore

extension ProxyKeywords {
  /// Keywords of the server-facing side: servers, balancing, persistence.
  static let backendSide: [ProxyKeyword] = [
    ProxyKeyword("server", [.backend], .implemented, fatal: true) { proxy, input throws(ConfigError) in
      let name = try input.arg(0, "a name and an address, e.g. 'server web1 10.0.0.1:80 check'")
      let spelling = try input.arg(1, "an address after the server name, e.g. 'server \(name) 10.0.0.1:80'")
      try validateName(name, what: "server")
      // The owner names the line in messages only: built when one is needed.
      let proxyName = proxy.name
      let address = try serverAddress(spelling, owner: "server \(proxyName)/\(name)")
      noteUnservedAddress(address, input: &input)
      var options = proxy.defaultServer
      options.written = []
      try ServerOptionParser.parse(
        input.args.dropFirst(2)[...], into: &options, owner: "server \(proxyName)/\(name)", input: &input)
      proxy.servers.append(Server(name: name, address: address, options: options, location: input.location))
    },
    ProxyKeyword("server-template", [.backend], .implemented, fatal: true) { proxy, input throws(ConfigError) in
      let usage = "a name prefix, a count or range and an address, e.g. 'server-template web 1-5 app.local:80 check'"
      let prefix = try input.arg(0, usage)
      let count = try input.arg(1, usage)
      let spelling = try input.arg(2, usage)
      let range = try templateRange(count, input)
      let owner = "server-template \(proxy.name)/\(prefix)"
      let address = try serverAddress(spelling, owner: owner)
      var options = proxy.defaultServer
      options.written = []
      try ServerOptionParser.parse(input.args.dropFirst(3)[...], into: &options, owner: owner, input: &input)
      proxy.serverTemplates.append(
        ServerTemplate(prefix: prefix, range: range, address: address, options: options, location: input.location))
    },
    ProxyKeyword("default-server", .backendSide, .implemented, fatal: true) { proxy, input throws(ConfigError) in
      var options = proxy.defaultServer
      options.written = []
      try ServerOptionParser.parse(input.args[...], into: &options, owner: "default-server", input: &input)
      proxy.defaultServer = options
    },
    ProxyKeyword("balance", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      let algorithm = try BalanceParser.parse(input.args, input)
      // uri, url_param and hdr hash the request in mode http (the runtime refuses them in mode
      // tcp, which has no request); rdp-cookie and hash need the sample fetches of the rules.
      switch algorithm {
      case .rdpCookie, .hash: input.notePending(algorithm.name, .rules)
      default: break
      }
      proxy.balance = algorithm
      proxy.balanceLocation = input.location
    },
    ProxyKeyword("hash-type", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      proxy.hashType = try BalanceParser.parseHashType(input.args, input)
    },
    ProxyKeyword("hash-balance-factor", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a percentage (0 disables, otherwise at least 100)")
      let value = try input.integer(input.args[0], in: 0...65535)
      guard value == 0 || value >= 100 else {
        throw ConfigError("'hash-balance-factor' must be 0 or at least 100, not \(value)")
      }
      proxy.hashBalanceFactor = value
    },
    ProxyKeyword("use-server", [.backend], .pending(.rules), fatal: true) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.count == 1 else {
        throw ConfigError("'use-server' expects a server name, optionally followed by 'if' or 'unless' and a condition")
      }
      proxy.useServer.append(SwitchingRule(target: head[0], condition: condition, location: input.location))
    },
    ProxyKeyword("cookie", .backendSide, .pending(.persistence)) { proxy, input throws(ConfigError) in
      proxy.cookie = try CookieParser.parse(input.args, input)
    },
    ProxyKeyword("persist rdp-cookie", .backendSide, .pending(.persistence)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional cookie name in parentheses")
      proxy.persistRDPCookie = input.args.first ?? "msts"
    },
    persistenceOverride("force-persist", \.forcePersist),
    persistenceOverride("ignore-persist", \.ignorePersist),
    ProxyKeyword("http-send-name-header", .backendSide, .pending(.dataPlane)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional header name")
      proxy.httpSendNameHeader = input.args.first ?? "X-Server"
    },
    ProxyKeyword("load-server-state-from-file", .backendSide, .pending(.runtimeAPI)) {
      proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "'global', 'local' or 'none'")
      guard ["global", "local", "none"].contains(input.args[0]) else {
        throw ConfigError("'load-server-state-from-file' expects 'global', 'local' or 'none'")
      }
      proxy.loadServerStateFromFile = input.args[0]
    },
    ProxyKeyword("server-state-file-name", .backendSide, .pending(.runtimeAPI)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...1, "an optional file name ('use-backend-name' to use the backend's name)")
      proxy.serverStateFileName = input.args.first ?? "use-backend-name"
    },
    ProxyKeyword("stick-table", .proxies, .pending(.persistence)) { proxy, input throws(ConfigError) in
      proxy.stickTable = try StickTableParser.parse(input.args, input)
    },
    stickRule("stick on"),
    stickRule("stick match"),
    stickRule("stick store-request"),
    stickRule("stick store-response"),
  ]

  static func persistenceOverride(
    _ name: String, _ key: any WritableKeyPath<Proxy, [RuleCondition]> & Sendable
  ) -> ProxyKeyword {
    ProxyKeyword(name, [.backend], .pending(.persistence)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.isEmpty, let condition else { throw ConfigError("'\(name)' expects 'if' or 'unless' and a condition") }
      proxy[keyPath: key].append(condition)
    }
  }

  static func stickRule(_ name: String) -> ProxyKeyword {
    ProxyKeyword(name, [.backend], .pending(.persistence), fatal: true) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard let pattern = head.first else {
        throw ConfigError("'\(name)' expects a sample expression, e.g. '\(name) src'")
      }
      let rest = Array(head.dropFirst())
      if !rest.isEmpty && !(rest.count == 2 && rest[0] == "table") {
        throw ConfigError("'\(name) \(pattern)' expects only 'table NAME' and an optional condition after the pattern")
      }
      let action = String(name.dropFirst("stick ".count))
      proxy.stickRules.append(
        RuleStatement(action: action, arguments: [pattern] + rest, condition: condition, location: input.location))
    }
  }

  /// Server addresses the TCP data plane cannot connect to yet.
  static func noteUnservedAddress(_ address: ServerAddressSpec, input: inout KeywordInput) {
    switch address {
    case .ip(let ip, .fixed) where !ip.isAny: break
    case .hostName(_, _, .fixed), .unixPath: break
    default: input.notePending("server address without a fixed port or IP", .dataPlane)
    }
  }

  static func validateName(_ name: String, what: String) throws(ConfigError) {
    // ASCII names (nearly all) are checked by byte: the only Alphabetic ASCII scalars are
    // A-Z and a-z, so this agrees with the Unicode check below without its property lookups.
    let allowed =
      name.utf8.allSatisfy { $0 < 0x80 }
      ? name.utf8.allSatisfy { Byte.isLetter($0) || Byte.isDigit($0) || "-_.:".utf8.contains($0) }
      : name.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:".unicodeScalars.contains(scalar)
      }
    guard allowed, !name.isEmpty else {
      throw ConfigError("character not allowed in \(what) name '\(name)': use letters, digits, '-', '_', '.' and ':'")
    }
  }

  static func serverAddress(
    _ spelling: String, owner: @autoclosure () -> String
  ) throws(ConfigError) -> ServerAddressSpec {
    do throws(ValueError) {
      return try AddressParser.parseServerAddress(spelling)
    } catch {
      throw ConfigError("'\(owner())' : \(error.description)")
    }
  }

  static func templateRange(_ word: String, _ input: KeywordInput) throws(ConfigError) -> ClosedRange<Int> {
    let parts = word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 {
      let count = try input.integer(parts[0], in: 1...65535, for: "server-template")
      return 1...count
    }
    guard parts.count == 2 else {
      throw ConfigError("'server-template' expects a count (5) or a range (1-5), not '\(word)'")
    }
    let first = try input.integer(parts[0], in: 1...65535, for: "server-template")
    let last = try input.integer(parts[1], in: 1...65535, for: "server-template")
    guard first <= last else {
      throw ConfigError("'server-template' range '\(word)' is reversed: write \(last)-\(first)")
    }
    return first...last
  }
}
