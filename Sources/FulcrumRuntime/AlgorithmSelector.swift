import FulcrumBalancing
import FulcrumCore

extension BackendBalancing {
  /// A `BackendSelector` for one event loop, its servers all idle. The algorithm's concrete
  /// type is opened here so picks are not dispatched through an existential.
  public func makeSelector() -> any BackendSelector {
    func open<Algorithm: LoadBalancingAlgorithm>(_ algorithm: Algorithm) -> any BackendSelector {
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
/// sessions of each event loop separately until counts are shared between loops.
/// Health is not reported yet: servers are up unless `disabled`.
final class AlgorithmSelector<Algorithm: LoadBalancingAlgorithm>: BackendSelector {
  private(set) var algorithm: Algorithm
  private(set) var counts: ConnectionCounts

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
