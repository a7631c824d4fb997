import FulcrumBalancing

/// The load of a backend's servers as its `BackendQueue` counts it across every loop: what the
/// algorithms read when servers have a `maxconn`, so a full server is full for every loop.
/// Reads are relaxed atomic loads; nothing allocates. On any loop.
struct SharedServerLoad: ServerLoad {
  let queue: BackendQueue

  func served(_ server: ServerIndex) -> Int { queue.served(server.value) }

  func queued(_ server: ServerIndex) -> Int { queue.queued(server.value) }

  var backendServed: Int { queue.backendServed }

  var backendConnections: Int { queue.backendConnections }
}
