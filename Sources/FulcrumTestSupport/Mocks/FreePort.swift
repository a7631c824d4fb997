#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the kernel for a free loopback port (bind to port 0, read it back, close), for the
/// few tests that must write a port into a configuration file read by a separate process.
public enum FreePort {
  public static func loopback() -> Int {
    let (descriptor, port) = boundLoopbackSocket()
    close(descriptor)
    return port
  }

  /// A TCP socket bound to 127.0.0.1 on a port the kernel chose, not listening, with that port.
  static func boundLoopbackSocket() -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(descriptor, raw, length)
        return getsockname(descriptor, raw, &length)
      }
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
  }
}
