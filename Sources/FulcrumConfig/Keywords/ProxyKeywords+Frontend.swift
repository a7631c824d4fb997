extension ProxyKeywords {
  /// Keywords of the client-facing side: listeners, backend switching, captures, monitoring.
  static let frontendSide: [ProxyKeyword] = [
    ProxyKeyword("bind", [.frontend], .implemented, fatal: true) { proxy, input throws(ConfigError) in
      let spelling = try input.arg(0, "an address list, e.g. ':80', '*:443' or 'unix@/run/fe.sock'")
      let addresses = try input.listenAddresses(spelling)
      for address in addresses {
        switch address {
        case .ip, .unixPath, .abstractNamespace, .inheritedFD: break
        case .socketPair: input.notePending("sockpair@ address", .dataPlane)
        }
      }
      var bind = Bind(addresses: addresses, spelling: spelling, location: input.location)
      try BindOptions.parse(input.args.dropFirst()[...], into: &bind, input: &input)
      proxy.binds.append(bind)
    },
    ProxyKeyword("default_backend", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a backend name")
      proxy.defaultBackend = input.args[0]
      proxy.defaultBackendLocation = input.location
    },
    ProxyKeyword("use_backend", [.frontend], .implemented) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      if condition != nil { input.notePending("use_backend ... if|unless", .rules) }
      guard head.count == 1 else {
        throw ConfigError(
          "'use_backend' expects a backend name, optionally followed by 'if' or 'unless' and a condition")
      }
      proxy.useBackend.append(SwitchingRule(target: head[0], condition: condition, location: input.location))
    },
    ProxyKeyword("monitor-uri", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a URI starting with '/'")
      guard input.args[0].hasPrefix("/") else { throw ConfigError("'monitor-uri' expects a URI starting with '/'") }
      proxy.monitorURI = input.args[0]
    },
    ProxyKeyword("monitor fail", [.frontend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.isEmpty, let condition else {
        throw ConfigError("'monitor fail' expects 'if' or 'unless' followed by a condition")
      }
      proxy.monitorFail.append(condition)
    },
    capture("capture request header", .requestHeader),
    capture("capture response header", .responseHeader),
    ProxyKeyword("capture cookie", [.frontend], .pending(.observability)) { proxy, input throws(ConfigError) in
      guard input.args.count == 3, input.args[1] == "len" else {
        throw ConfigError("'capture cookie' expects 'NAME len LENGTH'")
      }
      let length = try input.integer(input.args[2], in: 1...65535)
      proxy.captures.append(Capture(kind: .cookie, name: input.args[0], length: length))
    },
    ProxyKeyword("declare capture", [.frontend], .pending(.rules)) { proxy, input throws(ConfigError) in
      guard input.args.count == 3, ["request", "response"].contains(input.args[0]), input.args[1] == "len" else {
        throw ConfigError("'declare capture' expects 'request len LENGTH' or 'response len LENGTH'")
      }
      let length = try input.integer(input.args[2], in: 1...65535)
      let kind: Capture.Kind = input.args[0] == "request" ? .declaredRequest : .declaredResponse
      proxy.captures.append(Capture(kind: kind, name: "", length: length))
    },
  ]

  static func capture(_ name: String, _ kind: Capture.Kind) -> ProxyKeyword {
    ProxyKeyword(name, [.frontend], .pending(.observability)) { proxy, input throws(ConfigError) in
      guard input.args.count == 3, input.args[1] == "len" else {
        throw ConfigError("'\(name)' expects 'HEADER len LENGTH', e.g. '\(name) Host len 64'")
      }
      let length = try input.integer(input.args[2], in: 1...65535)
      proxy.captures.append(Capture(kind: kind, name: input.args[0], length: length))
    }
  }
}
