import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension Channel {
  /// Runs a channel initializer's work at once, on the channel's loop, and answers the
  /// bootstrap with the loop's cached succeeded future: `makeCompletedFuture` would allocate a
  /// future (and look up its generic metadata twice) per connection.
  public func initializeNow(_ body: () throws -> Void) -> EventLoopFuture<Void> {
    do {
      try body()
      return eventLoop.makeSucceededVoidFuture()
    } catch {
      return eventLoop.makeFailedFuture(error)
    }
  }

  /// As `initializeNow(_:)` for a connection to `server`: then `tfo`, and the bind to its
  /// `source`, if any.
  func initializeNow(server: UpstreamServer, _ body: () throws -> Void) -> EventLoopFuture<Void> {
    guard server.source != nil || server.fastOpen else { return initializeNow(body) }
    do {
      try body()
      #if os(Linux)
      if server.fastOpen {
        try syncOptions?.setOption(
          ChannelOptions.Types.SocketOption(
            level: .tcp, name: NIOBSDSocket.Option(rawValue: CInt(TCP_FASTOPEN_CONNECT))),
          value: 1)
      }
      #endif
      try server.source?.prepare(self)
    } catch {
      return eventLoop.makeFailedFuture(error)
    }
    return server.source?.bind(self) ?? eventLoop.makeSucceededVoidFuture()
  }
}
