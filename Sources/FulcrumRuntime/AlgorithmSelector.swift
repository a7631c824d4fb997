import FulcrumBalancing
import FulcrumCore
import FulcrumHealth

extension BackendBalancing {
  /// A `BackendSelector` for one event loop, its servers all idle. The algorithm's concrete
  /// type is opened here so picks are not dispatched through an existential.
  public func makeSelector() -> any BackendSelector { makeHealthAwareSelector() }

  /// The same selector, with what health checks need.
  func makeHealthAwareSelector() -> any HealthAwareSelector {
    func open<Algorithm: LoadBalancingAlgorithm>(_ algorithm: Algorithm) -> any HealthAwareSelector {
      AlgorithmSelector(algorithm: algorithm)
    }
    return open(makeAlgorithm())
  }
}

/// The data plane's `BackendSelector` for one backend on one event loop: the backend's
/// `balance` algorithm with the connections this loop has open on each server. Used only on
/// its loop, so it keeps plain values and never locks; a pick never allocates.
///
/// Connection counts are per loop: `leastconn` (and `hash-balance-factor`) balance the
/// sessions of each event loop separately until counts are shared between loops. Health checks
/// move servers down, up and to new weights through `apply(_:to:at:)`, on this loop.
final class AlgorithmSelector<Algorithm: LoadBalancingAlgorithm>: HealthAwareSelector {
  private(set) var algorithm: Algorithm
  private(set) var counts: ConnectionCounts
  var isTicking = false

  let requestKey: RequestKeyKind
  /// `balance source`: picks hash the client's address. Read once: this class is generic over
  /// the algorithm and not specialized, so asking the algorithm on each pick would copy it.
  private let hashesClientAddress: Bool

  init(algorithm: Algorithm) {
    self.algorithm = algorithm
    self.counts = ConnectionCounts(serverCount: algorithm.pool.count)
    hashesClientAddress = algorithm.input == .clientAddress
    switch algorithm.input {
    case .requestTarget: requestKey = .target
    case .headerValue(let name): requestKey = .header(name: Array(name.lowercased().utf8))
    default: requestKey = .none
    }
  }

  func selectServer(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int? {
    guard self.requestKey != .none else { return selectServer(client: client, excluding: failed) }
    let avoiding = failed.map { ServerIndex($0) }
    return algorithm.pick(key: requestKey, avoiding: avoiding, load: counts)?.value
  }

  func selectServer(client: ClientAddressBytes, excluding failed: Int?) -> Int? {
    let avoiding = failed.map { ServerIndex($0) }
    let load = counts
    let picked: ServerIndex?
    if hashesClientAddress {
      picked = client.withBytes { key in algorithm.pick(key: key, avoiding: avoiding, load: load) }
    } else {
      // Without a request (mode tcp) the plan refuses the algorithms that need one.
      picked = algorithm.pick(key: Span(), avoiding: avoiding, load: load)
    }
    return picked?.value
  }

  func connectionStarted(on server: Int) {
    let index = ServerIndex(server)
    counts.connectionStarted(on: index)
    algorithm.loadChanged(on: index, load: counts)
  }

  func connectionEnded(on server: Int) {
    let index = ServerIndex(server)
    counts.connectionEnded(on: index)
    algorithm.loadChanged(on: index, load: counts)
  }
}

/// A loop's selector as health checks drive it. Used only on its loop.
protocol HealthAwareSelector: BackendSelector {
  /// Whether a slowstart ticker runs for this selector.
  var isTicking: Bool { get set }
  /// Whether any server is warming up (`slowstart`).
  var isWarmingUp: Bool { get }
  /// Moves `server` to `target` at `now` (the runtime's monotonic clock): its weight, then
  /// down or up (warming up when it has `slowstart`). Returns the algorithm's refusal of the
  /// weight (static algorithms take only 0 and the configured weight).
  func apply(_ target: ServerTarget, to server: Int, at now: Duration) -> WeightChangeError?
  /// Moves the slowstart clock to `now`.
  func advanceClock(to now: Duration)
}

extension AlgorithmSelector {
  var isWarmingUp: Bool {
    (0..<algorithm.pool.count).contains { algorithm.pool.isWarmingUp(ServerIndex($0)) }
  }

  func apply(_ target: ServerTarget, to server: Int, at now: Duration) -> WeightChangeError? {
    let index = ServerIndex(server)
    var refusal: WeightChangeError?
    if algorithm.pool.userWeight(index) != target.weight {
      do throws(WeightChangeError) {
        try algorithm.setWeight(target.weight, of: index)
      } catch {
        refusal = error
      }
    }
    if target.isUp && !algorithm.pool.isUp(index) {
      algorithm.serverWentUp(index, at: now)
    } else if !target.isUp && algorithm.pool.isUp(index) {
      algorithm.serverWentDown(index)
    }
    return refusal
  }

  func advanceClock(to now: Duration) {
    algorithm.advanceClock(to: now)
  }
}
