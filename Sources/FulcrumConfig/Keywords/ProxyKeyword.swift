/// The sections a proxy keyword may appear in. `listen` accepts whatever a frontend or a
/// backend accepts.
struct KeywordScope: OptionSet, Sendable {
  let rawValue: UInt8
  static let defaults = KeywordScope(rawValue: 1)
  static let frontend = KeywordScope(rawValue: 2)
  static let backend = KeywordScope(rawValue: 4)

  static let all: KeywordScope = [.defaults, .frontend, .backend]
  static let proxies: KeywordScope = [.frontend, .backend]
  static let frontendSide: KeywordScope = [.defaults, .frontend]
  static let backendSide: KeywordScope = [.defaults, .backend]
}

/// Applies one statement to the proxy being built.
typealias ProxyKeywordHandler = @Sendable (inout Proxy, inout KeywordInput) throws(ConfigError) -> Void

/// One keyword (or keyword sequence such as `timeout client`) of frontend, backend, listen and
/// defaults sections: where it may appear, whether its behaviour exists, and how to parse it.
struct ProxyKeyword: Sendable {
  let name: String
  let scope: KeywordScope
  let status: KeywordStatus
  /// Using it on a proxy without the needed side is an error (e.g. `server` in a frontend),
  /// rather than HAProxy's usual "ignored" warning.
  let capabilityIsFatal: Bool
  let apply: ProxyKeywordHandler
  /// How many words the name has (`timeout client` is 2).
  let wordCount: Int

  init(
    _ name: String, _ scope: KeywordScope, _ status: KeywordStatus, fatal: Bool = false,
    _ apply: @escaping ProxyKeywordHandler
  ) {
    self.name = name
    self.scope = scope
    self.status = status
    self.capabilityIsFatal = fatal
    self.apply = apply
    self.wordCount = name.split(separator: " ").count
  }
}

/// Every proxy keyword Fulcrum knows, by name.
enum ProxyKeywords {
  static let table: [String: ProxyKeyword] = {
    var table: [String: ProxyKeyword] = [:]
    for keyword in general + frontendSide + backendSide + checks + rules + options + stats + logging + legacy {
      precondition(table[keyword.name] == nil, "duplicate keyword \(keyword.name)")
      table[keyword.name] = keyword
    }
    return table
  }()

  /// First words that only start keyword sequences (`timeout client`, `option httplog`).
  static let families: Set<String> = Set(
    table.keys.compactMap { name in
      name.contains(" ") ? String(name.split(separator: " ")[0]) : nil
    })

  /// The longest keyword that starts `words`, trying three, two, then one word.
  static func lookup(_ words: [String]) -> ProxyKeyword? {
    // Most lines start with a one-word keyword (`server`, `use_backend`, `balance`): when the
    // first word starts no longer keyword, the two- and three-word names (joined strings that
    // allocate) cannot match. A first word holding a space (quoted) takes the general path.
    if let first = words.first, !families.contains(first), !first.utf8.contains(UInt8(ascii: " ")) {
      return table[first]
    }
    for length in stride(from: min(3, words.count), through: 1, by: -1) {
      if let keyword = table[words.prefix(length).joined(separator: " ")] { return keyword }
    }
    return nil
  }

  /// Names starting with `family ` (for "unknown 'option' keyword" hints).
  static func members(of family: String) -> [String] {
    table.keys.filter { $0.hasPrefix(family + " ") }.map { String($0.dropFirst(family.count + 1)) }.sorted()
  }
}
