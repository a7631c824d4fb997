extension HTTPSessionHandler {
  /// Tells `observe` what happened on server `index` (the current exchange's, by default).
  @inline(__always)
  func observe(_ outcome: ObservedOutcome, on index: Int? = nil) {
    guard let observer, let index = index ?? server?.server else { return }
    observer.record(outcome, on: index)
  }

  /// The exchange has its server connection: `observe` hears of it, and with
  /// `on-marked-down`/`on-marked-up` the exchange registers its server channel until it ends.
  /// Cutting the server channel ends the exchange as haproxy 2.6 ends it: a 502 when no
  /// response had started (the client connection stays), else the client's close.
  func observeAttached(to connection: HTTPServerConnection) {
    guard let observer else { return }
    let index = connection.server
    observer.record(.connected, on: index)
    guard registration == nil, observer.registersSessions(on: index), let channel = connection.context?.channel else {
      return
    }
    registration = (index, ObjectIdentifier(channel))
    observer.register(channel, on: index)
  }

  /// The exchange no longer holds a server connection.
  func unregisterFromObserver() {
    guard let (index, client) = registration else { return }
    registration = nil
    observer?.unregister(client, on: index)
  }
}
