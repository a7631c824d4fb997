import FulcrumConfig
import FulcrumCore

/// A `HostResolver` backed by a fixed table, so tests resolve names without touching the
/// system resolver. Names match case-insensitively. Immutable; used from any test thread.
public struct StaticHostResolver: HostResolver {
  private let table: [String: [IPAddress]]

  /// - Parameter table: each name's addresses, most preferred first.
  public init(_ table: [String: [IPAddress]]) {
    self.table = Dictionary(table.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
  }

  /// A table written with address literals, e.g. `["app": ["192.0.2.10", "2001:db8::10"]]`;
  /// literals that are not IP addresses are dropped.
  public init(literals: [String: [String]]) {
    self.init(literals.mapValues { $0.compactMap(IPAddress.init) })
  }

  public func resolve(_ host: String, family: IPFamily?) throws(ValueError) -> [IPAddress] {
    guard let known = table[host.lowercased()] else {
      throw ValueError.unresolvable(host: host, family: family, reason: "Name or service not known")
    }
    let matching = known.filter { family == nil || $0.family == family }
    guard !matching.isEmpty else {
      throw ValueError.unresolvable(host: host, family: family, reason: "Address family for hostname not supported")
    }
    return matching
  }
}
