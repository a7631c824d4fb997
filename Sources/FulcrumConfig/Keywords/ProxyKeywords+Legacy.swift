import FulcrumCore

/// Keywords HAProxy removed (most in 2.1) that old configurations still carry. Fulcrum
/// accepts each one, stores it as its modern equivalent and warns with the replacement, so a
/// migration does not start with a wall of errors. Where no faithful mapping exists the
/// message says what to write.
extension ProxyKeywords {
  static let legacy: [ProxyKeyword] = [
    renamedTimeout("contimeout", "connect", .backendSide),
    renamedTimeout("clitimeout", "client", .frontendSide),
    renamedTimeout("srvtimeout", "server", .backendSide),
    ProxyKeyword("bind-process", .all, .implemented) { _, input throws(ConfigError) in
      _ = try input.arg(0, "a process set, e.g. 'all' or '1'")
      input.warn(
        "'bind-process' has no effect (HAProxy 2.6 deprecates it too): Fulcrum is one process; remove the line")
    },
    ProxyKeyword("transparent", .backendSide, .pending(.dataPlane)) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      input.warn("'transparent' is deprecated; treated as 'option transparent'")
      proxy.flags.insert(.transparent)
    },
    ProxyKeyword("redispatch", .backendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(0...0, "no argument")
      input.warn("'redispatch' was removed from HAProxy in 2.1; treated as 'option redispatch'")
      proxy.redispatch = -1
    },
    ProxyKeyword("block", [.frontend, .backend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.isEmpty, let condition else { throw ConfigError("'block' expects 'if' or 'unless' and a condition") }
      input.warn(
        "'block' was removed from HAProxy in 2.1; treated as 'http-request deny \(condition.polarity.rawValue) ...'")
      proxy.httpRequest.append(
        RuleStatement(action: "deny", arguments: [], condition: condition, location: input.location))
    },
    ProxyKeyword("monitor-net", .frontendSide, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "an IPv4 address or network, e.g. 192.168.0.252/31")
      let text = input.args[0]
      let address = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? text
      guard IPv4Address(address) != nil, let network = IPNetwork(text) else {
        throw ConfigError(
          "'monitor-net' expects an IPv4 address or network such as 192.168.0.252/31 (as HAProxy 2.0 did), not '\(text)'; for other sources write 'http-request return status 200 if { src \(text) }'"
        )
      }
      input.warn(
        "'monitor-net' is refused by HAProxy 2.6; Fulcrum still serves it as HAProxy 2.0 did (a client from \(text) gets 'HTTP/1.0 200 OK' in mode http, or is closed at once in mode tcp, and is neither proxied nor logged), but write 'http-request return status 200 if { src \(text) }' (mode http) or 'tcp-request connection reject if { src \(text) }' (mode tcp) instead"
      )
      // As in HAProxy 2.0, only the last 'monitor-net' of a proxy counts.
      proxy.monitorNetwork = network
    },
    ProxyKeyword("appsession", .backendSide, .implemented) { _, _ throws(ConfigError) in
      throw ConfigError(
        "'appsession' was removed from HAProxy in 1.6 and has no equivalent: use 'cookie NAME insert indirect nocache' with 'cookie' on each server, or 'stick-table type string len 64 ...' with 'stick on req.cookie(NAME)'"
      )
    },
    ProxyKeyword("option http-tunnel", .all, .implemented) { proxy, input throws(ConfigError) in
      input.warn(
        "'option http-tunnel' was removed from HAProxy in 2.1; Fulcrum analyses every request, as 'option http-keep-alive' does"
      )
      proxy.httpConnectionMode = .keepAlive
    },
    headerAdd("reqadd", "http-request", \.httpRequest),
    headerAdd("rspadd", "http-response", \.httpResponse),
    headerDelete("reqdel", "http-request", \.httpRequest, caseInsensitive: false),
    headerDelete("reqidel", "http-request", \.httpRequest, caseInsensitive: true),
    headerDelete("rspdel", "http-response", \.httpResponse, caseInsensitive: false),
    headerDelete("rspidel", "http-response", \.httpResponse, caseInsensitive: true),
    headerReplace("reqrep", "http-request", \.httpRequest, caseInsensitive: false),
    headerReplace("reqirep", "http-request", \.httpRequest, caseInsensitive: true),
    headerReplace("rsprep", "http-response", \.httpResponse, caseInsensitive: false),
    headerReplace("rspirep", "http-response", \.httpResponse, caseInsensitive: true),
    headerFilter("reqallow", "allow", "http-request", \.httpRequest, caseInsensitive: false),
    headerFilter("reqiallow", "allow", "http-request", \.httpRequest, caseInsensitive: true),
    headerFilter("reqdeny", "deny", "http-request", \.httpRequest, caseInsensitive: false),
    headerFilter("reqideny", "deny", "http-request", \.httpRequest, caseInsensitive: true),
    headerFilter("reqtarpit", "tarpit", "http-request", \.httpRequest, caseInsensitive: false),
    headerFilter("reqitarpit", "tarpit", "http-request", \.httpRequest, caseInsensitive: true),
    headerFilter("rspdeny", "deny", "http-response", \.httpResponse, caseInsensitive: false),
    headerFilter("rspideny", "deny", "http-response", \.httpResponse, caseInsensitive: true),
  ]

  static func renamedTimeout(_ name: String, _ modern: String, _ scope: KeywordScope) -> ProxyKeyword {
    ProxyKeyword(name, scope, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(1...1, "a time")
      let value = try input.time(input.args[0], for: name)
      input.warn("'\(name)' was removed from HAProxy in 2.1; treated as 'timeout \(modern) \(input.args[0])'")
      guard let field = Timeouts.fields.first(where: { $0.name == modern }) else { return }
      proxy.timeouts[keyPath: field.key] = value
    }
  }

  /// `reqadd "Name: value" [cond]` → `http-request add-header Name value [cond]`.
  static func headerAdd(
    _ name: String, _ modern: String, _ key: any WritableKeyPath<Proxy, [RuleStatement]> & Sendable
  ) -> ProxyKeyword {
    ProxyKeyword(name, [.frontend, .backend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.count == 1, let colon = head[0].firstIndex(of: ":") else {
        throw ConfigError(
          "'\(name)' expects one header line such as 'X-Name:\\ value'; write '\(modern) add-header X-Name value'")
      }
      let header = String(head[0][..<colon])
      let value = String(head[0][head[0].index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
      input.warn("'\(name)' was removed from HAProxy in 2.1; treated as '\(modern) add-header \(header) \(value)'")
      proxy[keyPath: key].append(
        RuleStatement(action: "add-header", arguments: [header, value], condition: condition, location: input.location))
    }
  }

  /// The header name of a legacy regex written as `^Name:...`, if it has that shape.
  static func headerName(inLegacyRegex regex: String) -> (name: String, rest: String)? {
    guard regex.hasPrefix("^"), let colon = regex.firstIndex(of: ":") else { return nil }
    let name = regex[regex.index(after: regex.startIndex)..<colon]
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
    var rest = regex[regex.index(after: colon)...]
    // The separator after the colon, in any of the spellings 1.x configs used.
    let separators = ["[\\ ]*", "\\ *", " *", "\\ ", " "]
    while let separator = separators.first(where: { rest.hasPrefix($0) }) {
      rest = rest.dropFirst(separator.count)
    }
    return (String(name), rest.isEmpty ? ".*" : String(rest))
  }

  static func headerDelete(
    _ name: String, _ modern: String, _ key: any WritableKeyPath<Proxy, [RuleStatement]> & Sendable,
    caseInsensitive: Bool
  ) -> ProxyKeyword {
    ProxyKeyword(name, [.frontend, .backend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.count == 1 else {
        throw ConfigError("'\(name)' expects one regex, optionally followed by a condition")
      }
      guard let (header, rest) = headerName(inLegacyRegex: head[0]), rest == ".*" || rest == "" else {
        input.warn(
          "'\(name)' was removed from HAProxy in 2.1; kept as a legacy rule deleting every \(modern == "http-request" ? "request" : "response") line matching '\(head[0])' (modern form: '\(modern) del-header NAME')"
        )
        proxy[keyPath: key].append(
          RuleStatement(
            action: LegacyLineRule.delete, arguments: LegacyLineRule.arguments(head[0], caseInsensitive),
            condition: condition,
            location: input.location))
        return
      }
      input.warn("'\(name)' was removed from HAProxy in 2.1; treated as '\(modern) del-header \(header)'")
      proxy[keyPath: key].append(
        RuleStatement(action: "del-header", arguments: [header], condition: condition, location: input.location))
    }
  }

  static func headerReplace(
    _ name: String, _ modern: String, _ key: any WritableKeyPath<Proxy, [RuleStatement]> & Sendable,
    caseInsensitive: Bool
  ) -> ProxyKeyword {
    ProxyKeyword(name, [.frontend, .backend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.count == 2 else {
        throw ConfigError("'\(name)' expects a regex and a replacement, optionally followed by a condition")
      }
      // replace-header replaces the whole value, while the 1.x rule replaced only what its
      // regex matched: map only a regex that runs to the end of the value, into the same header.
      guard let (header, rest) = headerName(inLegacyRegex: head[0]), reachesEndOfValue(rest),
        let replacement = headerValue(inLegacyReplacement: head[1], header: header)
      else {
        let side = modern == "http-request" ? "request" : "response"
        let forms =
          modern == "http-request"
          ? "'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header'"
          : "'http-response set-status' or 'http-response replace-header'"
        input.warn(
          "'\(name)' was removed from HAProxy in 2.1; kept as a legacy rule rewriting every \(side) line that matches '\(head[0])' (modern forms: \(forms))"
        )
        proxy[keyPath: key].append(
          RuleStatement(
            action: LegacyLineRule.replace, arguments: LegacyLineRule.arguments(head[0], caseInsensitive) + [head[1]],
            condition: condition, location: input.location))
        return
      }
      let regex = (caseInsensitive ? "(?i)" : "") + "^" + rest
      input.warn(
        "'\(name)' was removed from HAProxy in 2.1; treated as '\(modern) replace-header \(header) \(regex) \(replacement.isEmpty ? "\"\"" : replacement)'"
      )
      proxy[keyPath: key].append(
        RuleStatement(
          action: "replace-header", arguments: [header, regex, replacement], condition: condition,
          location: input.location))
    }
  }

  /// Whether a value regex matches through to the end of the value (`.*`, `(.*)`, `...$`).
  static func reachesEndOfValue(_ regex: String) -> Bool {
    regex.hasSuffix(".*") || regex.hasSuffix(".*)") || (regex.hasSuffix("$") && !regex.hasSuffix("\\$"))
  }

  /// The value part of a legacy replacement `Name: value` for header `header` (names compare
  /// case-insensitively), or nil when it writes another header or no header at all.
  static func headerValue(inLegacyReplacement replacement: String, header: String) -> String? {
    guard let colon = replacement.firstIndex(of: ":"),
      replacement[..<colon].lowercased() == header.lowercased()
    else { return nil }
    return String(replacement[replacement.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
  }

  static func headerFilter(
    _ name: String, _ action: String, _ modern: String, _ key: any WritableKeyPath<Proxy, [RuleStatement]> & Sendable,
    caseInsensitive: Bool
  ) -> ProxyKeyword {
    ProxyKeyword(name, [.frontend, .backend], .pending(.rules)) { proxy, input throws(ConfigError) in
      let (head, condition) = try KeywordInput.splitCondition(input.args)
      guard head.count == 1 else {
        throw ConfigError("'\(name)' expects one regex, optionally followed by a condition")
      }
      let terms: [String]
      if let (header, rest) = headerName(inLegacyRegex: head[0]) {
        let fetch = modern == "http-request" ? "req.fhdr" : "res.fhdr"
        // The 1.x regex was anchored at the start of the line, so the value regex is anchored too.
        terms = ["{", "\(fetch)(\(header))", "-m", "reg"] + (caseInsensitive ? ["-i"] : []) + ["^" + rest, "}"]
      } else {
        // The regex applies to the request/status line or any header line, as it did in 1.x.
        terms = ["{", LegacyLineRule.fetch(modern), "-m", "reg"] + (caseInsensitive ? ["-i"] : []) + [head[0], "}"]
      }
      input.warn(
        "'\(name)' was removed from HAProxy in 2.1; treated as '\(modern) \(action) if \(terms.joined(separator: " "))'\(condition == nil ? "" : " combined with its condition")"
      )
      var combined = RuleCondition(polarity: .whenTrue, terms: terms)
      if let condition {
        guard condition.polarity == .whenTrue else {
          throw ConfigError(
            "'\(name) ... unless COND' cannot be mapped automatically; write '\(modern) \(action) if \(terms.joined(separator: " ")) !COND'"
          )
        }
        combined.terms += condition.terms
      }
      proxy[keyPath: key].append(
        RuleStatement(action: action, arguments: [], condition: combined, location: input.location))
    }
  }
}

/// Legacy `req*`/`rsp*` regex rules whose regex is not about one header: they matched each
/// line of the message head (the request or status line, then every header line). They are
/// kept with that meaning under these internal names for the rules engine to carry out.
enum LegacyLineRule {
  static let delete = "legacy-delete-lines"
  static let replace = "legacy-replace-lines"

  /// The sample fetch standing for "any line of the head" (request or response side).
  static func fetch(_ ruleSet: String) -> String {
    ruleSet == "http-request" ? "legacy.req_lines" : "legacy.res_lines"
  }

  static func arguments(_ regex: String, _ caseInsensitive: Bool) -> [String] {
    caseInsensitive ? ["-i", regex] : [regex]
  }
}
