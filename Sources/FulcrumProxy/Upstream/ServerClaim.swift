import FulcrumCore

/// What a session holds on its backend while it needs a server: a slot on one server (from
/// `BackendSelector.assignServer` or a queue's grant), or its place in a queue waiting for one.
/// It makes sure a slot is given back exactly once and that a grant or redispatch is taken only
/// for the ticket the session still waits with. Value type; the session's, on its loop.
struct ServerClaim {
  /// The server whose slot is held.
  private(set) var server: Int?
  private var ticket: (any ServerQueueTicket)?

  /// Holds the slot on `server`.
  mutating func hold(_ server: Int) {
    self.server = server
  }

  /// Waits in a queue with `ticket`.
  mutating func wait(with ticket: any ServerQueueTicket) {
    self.ticket = ticket
  }

  /// A queue's grant or redispatch came for `ticket`: whether the session still waits with it
  /// (it then stops waiting). A grant for any other ticket must be handed back.
  mutating func settle(_ ticket: any ServerQueueTicket) -> Bool {
    guard let waiting = self.ticket, waiting === ticket else { return false }
    self.ticket = nil
    return true
  }

  /// `timeout queue`: leaves the queue. False when a grant is already on its way (the session
  /// goes on with it).
  mutating func giveUpWaiting() -> Bool {
    guard let ticket, ticket.withdraw() else { return false }
    self.ticket = nil
    return true
  }

  /// The held slot now belongs to someone else (a TCP relay's server channel gives it back).
  mutating func handOver() {
    server = nil
  }

  /// Leaves the queue; a grant racing this arrives later and is handed back. A held slot stays
  /// (a connection attempt in flight still owns it).
  mutating func leaveQueue() {
    guard let ticket else { return }
    self.ticket = nil
    _ = ticket.withdraw()
  }

  /// Gives up everything: leaves the queue and gives the slot back.
  mutating func release(to selector: any BackendSelector) {
    leaveQueue()
    if let server {
      self.server = nil
      selector.connectionEnded(on: server)
    }
  }
}
