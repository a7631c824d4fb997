/// Parses the arguments of `cookie NAME [options]`.
enum CookieParser {
  static func parse(_ args: [String], _ input: KeywordInput) throws(ConfigError) -> CookiePersistence {
    guard let name = args.first else {
      throw ConfigError("'cookie' expects a cookie name, e.g. 'cookie SERVERID insert indirect nocache'")
    }
    var cookie = CookiePersistence(name: name)
    var index = 1
    var methodSet = false
    func value(_ option: String) throws(ConfigError) -> String {
      guard index + 1 < args.count else { throw ConfigError("'cookie' option '\(option)' expects a value") }
      index += 1
      return args[index]
    }
    while index < args.count {
      let word = args[index]
      switch word {
      case "rewrite", "insert", "prefix":
        if methodSet { throw ConfigError("'cookie' accepts only one of 'rewrite', 'insert' and 'prefix'") }
        cookie.method = CookiePersistence.Method(rawValue: word) ?? .passive
        methodSet = true
      case "indirect": cookie.indirect = true
      case "nocache": cookie.nocache = true
      case "postonly": cookie.postOnly = true
      case "preserve": cookie.preserve = true
      case "httponly": cookie.httpOnly = true
      case "secure": cookie.secure = true
      case "dynamic": cookie.dynamic = true
      case "domain": cookie.domains.append(try value(word))
      case "attr": cookie.attributes.append(try value(word))
      case "maxidle": cookie.maxIdle = try input.time(try value(word), for: "cookie maxidle")
      case "maxlife": cookie.maxLife = try input.time(try value(word), for: "cookie maxlife")
      default:
        throw ConfigError(
          "'cookie' does not know '\(word)': use rewrite, insert, prefix, indirect, nocache, postonly, preserve, httponly, secure, domain, maxidle, maxlife, dynamic or attr"
        )
      }
      index += 1
    }
    if cookie.postOnly && cookie.method != .insert {
      throw ConfigError("'cookie' option 'postonly' only makes sense with 'insert'")
    }
    return cookie
  }
}
