/// Parses `balance` and `hash-type` arguments into their model values.
enum BalanceParser {
  static let algorithms = [
    "roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr(NAME)", "random",
    "rdp-cookie", "hash",
  ]

  static func parse(_ args: [String], _ input: KeywordInput) throws(ConfigError) -> BalanceAlgorithm {
    guard let name = args.first else {
      throw ConfigError("'balance' expects an algorithm: \(algorithms.joined(separator: ", "))")
    }
    let rest = Array(args.dropFirst())
    func noArguments(_ value: BalanceAlgorithm) throws(ConfigError) -> BalanceAlgorithm {
      guard rest.isEmpty else { throw ConfigError("'balance \(name)' takes no argument, found '\(rest[0])'") }
      return value
    }
    switch name {
    case "roundrobin": return try noArguments(.roundRobin)
    case "static-rr": return try noArguments(.staticRoundRobin)
    case "leastconn": return try noArguments(.leastConnections)
    case "first": return try noArguments(.first)
    case "source": return try noArguments(.source)
    case "uri": return .uri(try uriOptions(rest, input))
    case "url_param":
      guard let parameter = rest.first else { throw ConfigError("'balance url_param' expects a parameter name") }
      var checkPost: Int?
      if rest.count > 1 {
        guard rest[1] == "check_post" else {
          throw ConfigError("'balance url_param' only accepts 'check_post [MAX]' after the name")
        }
        checkPost = rest.count > 2 ? try input.integer(rest[2], in: 0...Int(Int32.max), for: "check_post") : 0
        if rest.count > 3 { throw ConfigError("'balance url_param' has unexpected '\(rest[3])'") }
      }
      return .urlParameter(name: parameter, checkPost: checkPost)
    case "random":
      return try noArguments(.random(draws: 2))
    case "hash":
      guard !rest.isEmpty else {
        throw ConfigError("'balance hash' expects a sample expression, e.g. 'balance hash req.cookie(id)'")
      }
      throw ConfigError(
        "'balance hash \(rest.joined(separator: " "))' needs sample expressions, which Fulcrum does not evaluate yet: use 'balance source', 'uri', 'url_param' or 'hdr(NAME)'"
      )
    default:
      break
    }
    if let inner = parenthesized(name, prefix: "hdr") {
      var useDomainOnly = false
      if let option = rest.first {
        guard option == "use_domain_only", rest.count == 1 else {
          throw ConfigError("'balance \(name)' only accepts 'use_domain_only' after it")
        }
        useDomainOnly = true
      }
      guard !inner.isEmpty else { throw ConfigError("'balance hdr()' expects a header name: 'balance hdr(Host)'") }
      return .header(name: inner, useDomainOnly: useDomainOnly)
    }
    if let inner = parenthesized(name, prefix: "random") {
      let draws = try input.integer(inner, in: 1...100, for: "balance random")
      return try noArguments(.random(draws: draws))
    }
    if name == "rdp-cookie" { return try noArguments(.rdpCookie(name: "mstshash")) }
    if let inner = parenthesized(name, prefix: "rdp-cookie") {
      return try noArguments(.rdpCookie(name: inner.isEmpty ? "mstshash" : inner))
    }
    throw ConfigError(
      "unknown balance algorithm '\(name)': use one of \(algorithms.joined(separator: ", "))\(KeywordSuggestion.hint(for: name, among: algorithms))"
    )
  }

  static func parenthesized(_ word: String, prefix: String) -> String? {
    guard word.hasPrefix(prefix + "("), word.hasSuffix(")") else { return nil }
    return String(word.dropFirst(prefix.count + 1).dropLast())
  }

  static func uriOptions(_ rest: [String], _ input: KeywordInput) throws(ConfigError) -> BalanceAlgorithm.URIOptions {
    var options = BalanceAlgorithm.URIOptions()
    var index = 0
    while index < rest.count {
      switch rest[index] {
      case "whole": options.whole = true
      case "path-only": options.pathOnly = true
      case "len", "depth":
        guard index + 1 < rest.count else { throw ConfigError("'balance uri \(rest[index])' expects a number") }
        let value = try input.integer(rest[index + 1], in: 0...Int(Int32.max), for: "balance uri \(rest[index])")
        if rest[index] == "len" { options.length = value } else { options.depth = value }
        index += 1
      default:
        throw ConfigError("'balance uri' accepts 'whole', 'len N', 'depth N' and 'path-only', not '\(rest[index])'")
      }
      index += 1
    }
    return options
  }

  static func parseHashType(_ args: [String], _ input: KeywordInput) throws(ConfigError) -> HashType {
    var hash = HashType()
    guard let method = args.first, let parsed = HashType.Method(rawValue: method) else {
      throw ConfigError(
        "'hash-type' expects 'map-based' or 'consistent', optionally followed by a function (sdbm, djb2, wt6, crc32, none) and 'avalanche'"
      )
    }
    hash.method = parsed
    for word in args.dropFirst() {
      if word == "avalanche" {
        hash.avalanche = true
      } else if let function = HashType.Function(rawValue: word) {
        hash.function = function
      } else {
        throw ConfigError("'hash-type' does not know '\(word)': use sdbm, djb2, wt6, crc32, none or avalanche")
      }
    }
    return hash
  }
}
