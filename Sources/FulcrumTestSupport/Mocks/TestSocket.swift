import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The blocking socket calls the test clients share (``BlockingTCPClient``, ``HTTPTestClient``):
/// connect with a receive timeout, and send every byte. Failures are thrown as the caller's own
/// error type, made by `failure` from a message. Any thread.
enum TestSocket {
  /// A connected stream socket to `address` whose receives give up after `timeoutSeconds`.
  static func connect<Failure: Error>(
    to address: SocketAddress, timeoutSeconds: Int, failure: (String) -> Failure
  ) throws(Failure) -> Int32 {
    let family = address.protocol == .inet6 ? AF_INET6 : AF_INET
    let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw failure("socket() failed") }
    let result = address.withSockAddr { Glibc.connect(descriptor, $0, socklen_t($1)) }
    guard result == 0 else {
      close(descriptor)
      throw failure("connect to \(address) failed: errno \(errno)")
    }
    setReceiveTimeout(descriptor, seconds: timeoutSeconds)
    return descriptor
  }

  static func setReceiveTimeout(_ descriptor: Int32, seconds: Int) {
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  /// Sends all of `bytes`, or throws.
  static func send<Failure: Error>(
    _ bytes: [UInt8], on descriptor: Int32, failure: (String) -> Failure
  ) throws(Failure) {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes { raw in
        Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { throw failure("send failed: errno \(errno)") }
      offset += sent
    }
  }
}
