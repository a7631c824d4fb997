/// Chooses the server for each new session of one backend. The runtime implements it (the
/// balancing algorithm, persistence and health meet there); the data plane only calls it.
/// One instance per event loop, used only from that loop's thread, so it needs no lock.
public protocol BackendSelector: AnyObject {
  /// The index of the chosen server in the backend's server list, or `nil` when no server
  /// is usable. `excluding` is a server that just failed, for redispatch.
  func selectServer(excluding failed: Int?) -> Int?
}
