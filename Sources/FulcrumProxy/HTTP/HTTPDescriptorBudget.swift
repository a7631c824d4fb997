import Atomics

/// The file descriptors the process has open for sessions, against HAProxy's
/// `tune.pool-low-fd-ratio`: once client connections plus server connections reach 20% of the
/// descriptors `maxconn` implies (two per connection), a server connection whose exchange ended
/// is closed instead of pooled, as HAProxy stops putting connections in its idle lists there.
/// Busy servers still reuse the pooled connections they have; an idle keep-alive client no
/// longer holds a server connection behind it once the process is loaded. Shared by every loop
/// (atomics, touched when a server connection opens or closes and when one would be pooled).
public final class HTTPDescriptorBudget: Sendable {
  private let clients: ConnectionLimit
  private let serverConnections = ManagedAtomic(0)
  /// Descriptors in use below which connections are pooled.
  public let poolingLimit: Int

  /// - Parameters:
  ///   - clients: the process's client connections.
  ///   - globalMaxconn: the process's `maxconn`.
  public init(clients: ConnectionLimit, globalMaxconn: Int) {
    self.clients = clients
    poolingLimit = globalMaxconn * 2 * 20 / 100
  }

  /// Whether a server connection may go back to an idle pool now.
  var allowsPooling: Bool {
    clients.count + serverConnections.load(ordering: .relaxed) < poolingLimit
  }

  func serverConnectionOpened() { serverConnections.wrappingIncrement(ordering: .relaxed) }

  func serverConnectionClosed() { serverConnections.wrappingDecrement(ordering: .relaxed) }
}
