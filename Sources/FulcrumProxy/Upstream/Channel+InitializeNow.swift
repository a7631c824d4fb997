import NIOCore

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
}
