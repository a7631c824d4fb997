#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port that refuses connections for as long as this object lives: a TCP socket
/// bound to it that never listens. Unlike a port freed after asking the kernel for one, no
/// other test's listener (or outgoing connection) can take it meanwhile, so a connection to it
/// is refused every time.
public final class RefusedPort: Sendable {
  public let port: Int
  private let descriptor: Int32

  public init() {
    (descriptor, port) = FreePort.boundLoopbackSocket()
  }

  deinit {
    close(descriptor)
  }
}
