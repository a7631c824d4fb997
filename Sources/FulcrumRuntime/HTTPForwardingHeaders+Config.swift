import FulcrumConfig
import FulcrumCore
import FulcrumProxy

extension HTTPForwardingHeaders {
  /// The fields requests from `frontend` to `backend` get, combining their `option forwardfor`
  /// and `option originalto` as HAProxy 2.6 does (measured, docs/http-behaviour.md): a field is
  /// added when either proxy sets the option; the backend's `header` name wins; either proxy's
  /// `except` network excludes; `if-none` holds only when every proxy that sets the option says it.
  /// Pass the same proxy twice for a `listen` section.
  public init(frontend: Proxy, backend: Proxy) throws(RuntimeError) {
    self.init(
      forwardFor: try Self.combine(frontend.forwardFor, backend.forwardFor, frontend, backend, "forwardfor"),
      originalTo: try Self.combine(frontend.originalTo, backend.originalTo, frontend, backend, "originalto"))
  }

  static func combine(
    _ front: ForwardedHeader?, _ back: ForwardedHeader?, _ frontend: Proxy, _ backend: Proxy, _ option: String
  ) throws(RuntimeError) -> Option? {
    let set = [(front, frontend), (back, backend)].compactMap { pair in pair.0.map { ($0, pair.1) } }
    guard let chosen = back ?? front else { return nil }
    var networks: [IPNetwork] = []
    for (header, proxy) in set {
      guard let text = header.except else { continue }
      guard let network = IPNetwork(text) else {
        throw RuntimeError(
          "\(proxy.kind.rawValue) '\(proxy.name)': 'option \(option) except \(text)' is not an IPv4 or IPv6 network; write e.g. 10.0.0.0/8, 10.0.0.0/255.0.0.0 or 2001:db8::/32"
        )
      }
      if !networks.contains(network) { networks.append(network) }
    }
    return Option(name: chosen.header, except: networks, ifNone: set.allSatisfy { $0.0.ifNone })
  }
}
