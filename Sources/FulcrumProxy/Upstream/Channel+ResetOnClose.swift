import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Channel {
  /// Makes closing the channel send a reset (SO_LINGER 0) rather than a FIN: the socket is
  /// freed at once (no TIME_WAIT) and unsent data is dropped. Called on the channel's loop,
  /// where the option is set before this returns.
  func resetOnClose() {
    guard let socket = self as? any SocketOptionProvider else { return }
    _ = socket.setSoLinger(linger(l_onoff: 1, l_linger: 0))
  }
}
