/// What an algorithm may read about the backend's current load when it picks a server: the
/// connections each server is serving and the requests waiting in its queue, as HAProxy's
/// `served` and queue counters. The runtime implements it over whatever it counts with (per-loop
/// counters, atomics); reads must not allocate. Called on the loop that picks.
public protocol ServerLoad {
  /// Connections (requests, in HTTP mode) `server` is serving now.
  func served(_ server: ServerIndex) -> Int
  /// Requests waiting in `server`'s own queue.
  func queued(_ server: ServerIndex) -> Int
  /// The sum of `served` over the backend's servers, as HAProxy's backend `served`; used by
  /// `hash-balance-factor`.
  var backendServed: Int { get }
  /// Streams currently attached to the backend, served or queued (HAProxy's `beconn`); used by
  /// the dynamic `minconn`/`fullconn` limit.
  var backendConnections: Int { get }
}

extension ServerLoad {
  /// Connections being served plus requests queued: what `leastconn` compares.
  func inFlight(_ server: ServerIndex) -> Int { served(server) + queued(server) }
}
