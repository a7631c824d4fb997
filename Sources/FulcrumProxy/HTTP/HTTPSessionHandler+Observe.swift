extension HTTPSessionHandler {
  /// Tells `observe` what happened on server `index` (the current exchange's, by default).
  @inline(__always)
  func observe(_ outcome: ObservedOutcome, on index: Int? = nil) {
    guard let observer, let index = index ?? server?.server else { return }
    observer.record(outcome, on: index)
  }

  /// The exchange has its connection to `index`: `observe` hears of it, and with
  /// `on-marked-down`/`on-marked-up` the session registers until the exchange ends.
  func observeAttached(to index: Int) {
    guard let observer else { return }
    observer.record(.connected, on: index)
    guard registration == nil, observer.registersSessions(on: index), let channel = context?.channel else { return }
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
