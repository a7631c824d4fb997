import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket options one side of a proxy asks for on each of its TCP connections: keep-alive
/// probes (`option clitcpka`/`srvtcpka`/`tcpka`, tuned by `*tcpka-cnt|idle|intvl`), a reset
/// on close (`option nolinger`) and the kernel buffer sizes (`tune.rcvbuf.*`, `tune.sndbuf.*`). Applied once, when the connection's channel is set up; a
/// UNIX-socket connection is left alone, as HAProxy does. Immutable; any thread.
public struct SocketTuning: Sendable, Equatable {
  /// `SO_KEEPALIVE`.
  public var keepAlive = false
  /// `TCP_KEEPCNT`, `TCP_KEEPIDLE` and `TCP_KEEPINTVL` (seconds), with keep-alive only.
  public var keepAliveCount: Int32?
  public var keepAliveIdle: Int32?
  public var keepAliveInterval: Int32?
  /// `SO_LINGER` with a zero timeout: closing sends a reset and drops unsent data.
  public var noLinger = false
  /// `TCP_QUICKACK` off before the connect (`option tcp-smart-connect`): the handshake's last
  /// ACK waits for the request and leaves with it, one packet fewer per connection.
  public var delaysConnectAck = false
  /// `SO_RCVBUF` and `SO_SNDBUF` in bytes (`tune.rcvbuf.client|server`,
  /// `tune.sndbuf.client|server`); nil keeps the system's autotuning.
  public var receiveBuffer: Int?
  public var sendBuffer: Int?

  public init(
    keepAlive: Bool = false, keepAliveCount: Int32? = nil, keepAliveIdle: Int32? = nil,
    keepAliveInterval: Int32? = nil, noLinger: Bool = false, delaysConnectAck: Bool = false,
    receiveBuffer: Int? = nil, sendBuffer: Int? = nil
  ) {
    self.receiveBuffer = receiveBuffer
    self.sendBuffer = sendBuffer
    self.keepAlive = keepAlive
    self.keepAliveCount = keepAliveCount
    self.keepAliveIdle = keepAliveIdle
    self.keepAliveInterval = keepAliveInterval
    self.noLinger = noLinger
    self.delaysConnectAck = delaysConnectAck
  }

  /// Nothing to set: the common case, which costs a connection nothing.
  public var isEmpty: Bool {
    !keepAlive && !noLinger && !delaysConnectAck && receiveBuffer == nil && sendBuffer == nil
  }

  /// Sets the options on `channel`'s socket, on its loop (from a channel initializer).
  public func apply(to channel: any Channel) throws {
    guard !isEmpty, let options = channel.syncOptions else { return }
    let family = (channel.localAddress ?? channel.remoteAddress)?.protocol
    guard family == .inet || family == .inet6 else { return }
    if keepAlive {
      try options.setOption(.socketOption(.so_keepalive), value: 1)
      #if os(Linux)
      let tuning = [(TCP_KEEPCNT, keepAliveCount), (TCP_KEEPIDLE, keepAliveIdle), (TCP_KEEPINTVL, keepAliveInterval)]
      for (name, value) in tuning {
        guard let value else { continue }
        try options.setOption(
          ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: name)), value: Int(value))
      }
      #endif
    }
    if noLinger { channel.resetOnClose() }
    if let receiveBuffer {
      try options.setOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(clamping: receiveBuffer))
    }
    if let sendBuffer {
      try options.setOption(.socketOption(.so_sndbuf), value: SocketOptionValue(clamping: sendBuffer))
    }
    #if os(Linux)
    if delaysConnectAck {
      try options.setOption(
        ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: CInt(TCP_QUICKACK))),
        value: 0)
    }
    #endif
  }
}
