/// A `balance` algorithm: picks the server for each new connection or request of one backend,
/// and follows the servers' state as the runtime reports it. Implementations are value types
/// that own their `ServerPool` and preallocate every table, so `pick` never allocates. One
/// instance is confined to one loop (or guarded by its owner); nothing here locks.
///
/// `pick` returns nil in two cases the caller tells apart with `pool.totalWeight`: no server is
/// usable (0; HAProxy answers 503), or every candidate is full (`maxconn` reached; the request
/// waits in the backend's queue).
public protocol LoadBalancingAlgorithm: Sendable {
  /// The servers, their weights and states.
  var pool: ServerPool { get }

  /// The bytes the caller must pass as `key` to `pick`.
  var input: BalancingInput { get }

  /// Picks a server. `key` holds the bytes `input` asks for (empty when there are none, or when
  /// they are absent: a hash then falls back to round robin, as HAProxy does). `avoiding` is the
  /// server a retried connection failed on (redispatch): it is picked only if nothing else
  /// fits. `load` tells which servers are full and how loaded they are.
  mutating func pick(key: Span<UInt8>, avoiding: ServerIndex?, load: some ServerLoad) -> ServerIndex?

  /// `server` stopped taking traffic (checks failed, maintenance, tracked server down).
  mutating func serverWentDown(_ server: ServerIndex)

  /// `server` takes traffic again from `now` (the runtime's monotonic clock, any fixed epoch);
  /// with `slowstart`, its weight and connection limit ramp up from there.
  mutating func serverWentUp(_ server: ServerIndex, at now: Duration)

  /// Sets `server`'s weight (0...256) at run time; 0 drains it. It applies at once: dynamic
  /// algorithms rebalance in place, static ones accept only 0 and the configured weight.
  mutating func setWeight(_ weight: Int, of server: ServerIndex) throws(WeightChangeError)

  /// Sets `server`'s `maxconn` at run time (an agent's `maxconn:N`); see
  /// `ServerPool.setConnectionLimit`. Weights and tables do not change.
  mutating func setConnectionLimit(_ maxConnections: Int, of server: ServerIndex)

  /// Moves the clock to `now`, advancing the slowstart of servers that are warming up. The
  /// runtime calls it about once a second while any server warms up.
  mutating func advanceClock(to now: Duration)

  /// `server`'s served or queued count just changed in `load` (HAProxy's take and drop
  /// connection events). `leastconn` needs these calls, at least when a connection ends, to
  /// keep its queue in order (it requeues the server at once, so servers with equal loads take
  /// turns in the order their connections ended, as in HAProxy); other algorithms ignore them.
  mutating func loadChanged(on server: ServerIndex, load: some ServerLoad)
}

extension LoadBalancingAlgorithm {
  /// Most algorithms read the load only when they pick.
  public mutating func loadChanged(on server: ServerIndex, load: some ServerLoad) {}

  /// Reports every server's load, for when single changes were not reported (a new algorithm
  /// instance taking over live connections after a reload, tests).
  public mutating func loadChangedOnAllServers(load: some ServerLoad) {
    for index in 0..<pool.count { loadChanged(on: ServerIndex(index), load: load) }
  }

  /// Picks a server for an algorithm that needs no key, or with the key absent.
  public mutating func pick(avoiding: ServerIndex? = nil, load: some ServerLoad) -> ServerIndex? {
    pick(key: Span(), avoiding: avoiding, load: load)
  }

  /// Picks a server with every server idle.
  public mutating func pick(avoiding: ServerIndex? = nil) -> ServerIndex? {
    pick(key: Span(), avoiding: avoiding, load: IdleLoad())
  }
}
