import FulcrumBalancing

/// Runs picks as the data path's selector makes them, per request: pick a server with the
/// request's key, count a connection started on it (`loadChanged`, which `leastconn` reorders
/// on), and end the oldest of a window of requests in flight. One instance per workload, used
/// on the measuring thread.
public protocol PickRunning: AnyObject {
  /// Makes `picks` picks; returns the sum of the servers picked (so nothing is optimised away).
  func run(picks: Int) -> Int
}

/// ``PickRunning`` for one concrete algorithm, opened from `AlgorithmChoice.makeAlgorithm`'s
/// existential as the runtime's `AlgorithmSelector` opens it. Measuring thread only.
public final class PickLoop<Algorithm: LoadBalancingAlgorithm>: PickRunning {
  /// Requests in flight at once: enough that `leastconn` sees uneven loads.
  static var window: Int { 16 }

  private var algorithm: Algorithm
  private var counts: ConnectionCounts
  private let keys: BalancingKeys
  private var keyIndex = 0
  /// The servers of the requests in flight, oldest at `oldest`; -1 where none yet.
  private var inFlight: [Int]
  private var oldest = 0

  public init(algorithm: Algorithm, keys: BalancingKeys) {
    self.algorithm = algorithm
    self.keys = keys
    counts = ConnectionCounts(serverCount: algorithm.pool.count)
    inFlight = Array(repeating: -1, count: Self.window)
  }

  @inline(never)
  public func run(picks: Int) -> Int {
    let bytes = keys.bytes
    let span = bytes.span
    var sum = 0
    for _ in 0..<picks {
      let range = keys.ranges[keyIndex]
      keyIndex = keyIndex + 1 == keys.ranges.count ? 0 : keyIndex + 1
      guard let server = algorithm.pick(key: span.extracting(range), avoiding: nil, load: counts) else {
        fatalError("no server picked: every server is up and unlimited")
      }
      let ending = inFlight[oldest]
      if ending >= 0 {
        counts.connectionEnded(on: ServerIndex(ending))
        algorithm.loadChanged(on: ServerIndex(ending), load: counts)
      }
      counts.connectionStarted(on: server)
      algorithm.loadChanged(on: server, load: counts)
      inFlight[oldest] = server.value
      oldest = oldest + 1 == Self.window ? 0 : oldest + 1
      sum &+= server.value
    }
    return sum
  }
}

/// Opens the algorithm's existential so picks call the concrete type.
public func makePickLoop(_ algorithm: some LoadBalancingAlgorithm, keys: BalancingKeys) -> any PickRunning {
  PickLoop(algorithm: algorithm, keys: keys)
}
