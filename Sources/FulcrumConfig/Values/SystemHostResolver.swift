import FulcrumCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names with the C library's `getaddrinfo`, so `/etc/hosts`, `nsswitch.conf`
/// and the system's DNS settings apply, as with HAProxy's `init-addr libc`. Addresses come in
/// the order `getaddrinfo` ranks them, without duplicates. Stateless; each call blocks the
/// calling thread until the lookup ends, so call it from the configuration loader only.
public struct SystemHostResolver: HostResolver {
  public init() {}

  public func resolve(_ host: String, family: IPFamily?) throws(ValueError) -> [IPAddress] {
    var hints = addrinfo()
    switch family {
    case nil: hints.ai_family = AF_UNSPEC
    case .ipv4: hints.ai_family = AF_INET
    case .ipv6: hints.ai_family = AF_INET6
    }
    // One socket type, or every address comes back once per type.
    #if canImport(Glibc)
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #else
    hints.ai_socktype = SOCK_STREAM
    #endif
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, nil, &hints, &list)
    guard status == 0, let first = list else {
      throw ValueError.unresolvable(host: host, family: family, reason: Self.reason(status))
    }
    defer { freeaddrinfo(first) }
    var addresses: [IPAddress] = []
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let current = entry {
      if let address = Self.address(of: current.pointee), !addresses.contains(address) {
        addresses.append(address)
      }
      entry = current.pointee.ai_next
    }
    guard !addresses.isEmpty else {
      throw ValueError.unresolvable(host: host, family: family, reason: "no IPv4 or IPv6 address")
    }
    return addresses
  }

  private static func address(of info: addrinfo) -> IPAddress? {
    guard let socketAddress = info.ai_addr else { return nil }
    switch info.ai_family {
    case AF_INET:
      let inet = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in.self)
      return .v4(IPv4Address(UInt32(bigEndian: inet.sin_addr.s_addr)))
    case AF_INET6:
      let inet6 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in6.self)
      let bytes = withUnsafeBytes(of: inet6.sin6_addr) { Array($0) }
      return IPv6Address(bytes: bytes).map(IPAddress.v6)
    default:
      return nil
    }
  }

  private static func reason(_ status: Int32) -> String {
    if status == EAI_SYSTEM, let text = strerror(errno) { return String(cString: text) }
    guard let text = gai_strerror(status) else { return "error \(status)" }
    return String(cString: text)
  }
}
