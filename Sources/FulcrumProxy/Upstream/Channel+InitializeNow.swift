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

  /// As `initializeNow(_:)`, then binds a server connection's socket to its `source`, if any.
  func initializeNow(source: UpstreamSource?, _ body: () throws -> Void) -> EventLoopFuture<Void> {
    guard let source else { return initializeNow(body) }
    do {
      try body()
      try source.prepare(self)
    } catch {
      return eventLoop.makeFailedFuture(error)
    }
    return source.bind(self)
  }
}
