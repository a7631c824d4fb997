/// The numbers HAProxy gives proxies and servers that have no `id`: each takes its position
/// in declaration order (from 1), moved past the numbers already taken by an `id` or by an
/// earlier one. These are the `HAPROXY_PROXY_ID`/`HAPROXY_SERVER_ID` of external checks and
/// the `iid`/`sid` of the stats. Pure; any thread.
public enum IdentifierNumbering {
  /// The identifier of each item, given the explicit ones (`nil` where there is none).
  public static func assign(_ explicit: [Int?]) -> [Int] {
    var taken = Set(explicit.compactMap { $0 })
    var next = 1
    return explicit.map { identifier in
      defer { next += 1 }
      if let identifier { return identifier }
      while taken.contains(next) { next += 1 }
      taken.insert(next)
      return next
    }
  }
}

extension FulcrumConfiguration {
  /// The identifier of each proxy, in the order of `proxies`.
  public var proxyIdentifiers: [Int] { IdentifierNumbering.assign(proxies.map(\.identifier)) }
}

extension Proxy {
  /// The identifier of each server, in the order of `servers`.
  public var serverIdentifiers: [Int] { IdentifierNumbering.assign(servers.map(\.options.identifier)) }
}
