/// Parses the arguments of `stick-table type T ... size S ...`.
enum StickTableParser {
  static let dataTypes: Set<String> = [
    "server_id", "gpc0", "gpc0_rate", "gpc1", "gpc1_rate", "gpt0", "conn_cnt", "conn_cur", "conn_rate", "sess_cnt",
    "sess_rate", "http_req_cnt", "http_req_rate", "http_err_cnt", "http_err_rate", "http_fail_cnt", "http_fail_rate",
    "bytes_in_cnt", "bytes_in_rate", "bytes_out_cnt", "bytes_out_rate", "gpc", "gpc_rate", "gpt", "glitch_cnt",
    "glitch_rate",
  ]

  static func parse(_ args: [String], _ input: KeywordInput) throws(ConfigError) -> StickTableDefinition {
    var type: StickTableDefinition.KeyType?
    var keyLength: Int?
    var size: Int?
    var table = StickTableDefinition(type: .ip, size: 0, location: input.location)
    var index = 0
    func value(_ option: String) throws(ConfigError) -> String {
      guard index + 1 < args.count else { throw ConfigError("'stick-table' option '\(option)' expects a value") }
      index += 1
      return args[index]
    }
    while index < args.count {
      let word = args[index]
      switch word {
      case "type":
        let name = try value(word)
        guard let parsed = StickTableDefinition.KeyType(rawValue: name) else {
          throw ConfigError("'stick-table type' expects ip, ipv6, integer, string or binary, not '\(name)'")
        }
        type = parsed
        if (parsed == .string || parsed == .binary), index + 2 < args.count, args[index + 1] == "len" {
          index += 1
          keyLength = try input.integer(try value("len"), in: 1...65535, for: "stick-table len")
        }
      case "size": size = try input.size(try value(word), for: "stick-table size")
      case "expire": table.expire = try input.time(try value(word), for: "stick-table expire")
      case "nopurge": table.noPurge = true
      case "peers": table.peers = try value(word)
      case "srvkey":
        let key = try value(word)
        guard key == "name" || key == "addr" else { throw ConfigError("'stick-table srvkey' expects 'name' or 'addr'") }
        table.serverKey = key
      case "store":
        for item in try value(word).split(separator: ",") {
          let base = item.split(separator: "(").first.map(String.init) ?? String(item)
          guard dataTypes.contains(base) else {
            throw ConfigError(
              "'stick-table store' does not know data type '\(item)'\(KeywordSuggestion.hint(for: base, among: dataTypes))"
            )
          }
          table.store.append(String(item))
        }
      default:
        throw ConfigError(
          "'stick-table' does not know '\(word)': use type, size, expire, nopurge, peers, srvkey or store")
      }
      index += 1
    }
    guard let type else { throw ConfigError("'stick-table' needs a 'type' (ip, ipv6, integer, string or binary)") }
    guard let size, size > 0 else { throw ConfigError("'stick-table' needs a non-zero 'size', e.g. 'size 100k'") }
    table.type = type
    table.size = size
    table.keyLength = keyLength
    if table.peers != nil {
      throw ConfigError(
        "'stick-table ... peers' needs a 'peers' section, which Fulcrum does not support yet: remove 'peers \(table.peers ?? "")'"
      )
    }
    return table
  }
}
