import FulcrumBalancing
import FulcrumCore
import FulcrumHealth
import NIOCore

extension BackendBalancing {
  /// A `BackendSelector` with a queue of its own, its servers all idle; sessions it queues
  /// are told on `loop`. For tests and tools that pick outside a runtime.
  public func makeSelector(loop: any EventLoop) -> any BackendSelector {
    makeHealthAwareSelector(queue: makeQueue(), loop: loop)
  }

  /// The selector of `loop`, with what health checks need, counting in the backend's shared
  /// `queue`.
  func makeHealthAwareSelector(queue: BackendQueue, loop: any EventLoop) -> any HealthAwareSelector {
    func open<Algorithm: LoadBalancingAlgorithm>(_ algorithm: Algorithm) -> any HealthAwareSelector {
      AlgorithmSelector(algorithm: algorithm, queue: queue, loop: loop)
    }
    return open(makeAlgorithm())
  }
}

/// The data plane's `BackendSelector` for one backend on one event loop: the backend's
/// `balance` algorithm and the load it reads. Used only on its loop; a pick never allocates.
///
/// Every loop counts in the backend's shared `BackendQueue`: slots are taken and given back
/// there (atomics), so `leastconn` and `hash-balance-factor` see the whole backend, a full
/// server is full for every loop, and sessions that find no room wait in its queues. Health
/// checks move servers down, up and to new weights through `apply(_:to:at:)`, on this
/// loop.
final class AlgorithmSelector<Algorithm: LoadBalancingAlgorithm>: HealthAwareSelector, QueueGrantReceiver {
  private(set) var algorithm: Algorithm
  private let queue: BackendQueue
  /// Where the sessions this selector queues are told of their grant.
  private let loop: any EventLoop
  var isTicking = false

  let requestKey: RequestKeyKind
  /// `balance source`: picks hash the client's address. Read once: this class is generic over
  /// the algorithm and not specialized, so asking the algorithm on each pick would copy it.
  private let hashesClientAddress: Bool

  init(algorithm: Algorithm, queue: BackendQueue, loop: any EventLoop) {
    self.algorithm = algorithm
    self.queue = queue
    self.loop = loop
    hashesClientAddress = algorithm.input == .clientAddress
    switch algorithm.input {
    case .requestTarget: requestKey = .target
    case .headerValue(let name): requestKey = .header(name: Array(name.lowercased().utf8))
    default: requestKey = .none
    }
  }

  /// The backend's load as every loop counts it.
  private var load: SharedServerLoad { SharedServerLoad(queue: queue) }

  func selectServer(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int? {
    pick(client: client, requestKey: requestKey, excluding: failed)
  }

  func selectServer(client: ClientAddressBytes, excluding failed: Int?) -> Int? {
    selectServer(client: client, requestKey: Span(), excluding: failed)
  }

  private func pick(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int? {
    let load = self.load
    let avoiding = failed.map { ServerIndex($0) }
    if hashesClientAddress {
      return client.withBytes { key in algorithm.pick(key: key, avoiding: avoiding, load: load) }?.value
    }
    // `requestKey` is empty for the algorithms that hash nothing, and in mode tcp (the plan
    // refuses there the algorithms that need a request).
    return algorithm.pick(key: requestKey, avoiding: avoiding, load: load)?.value
  }

  func assignServer(
    client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?, waiter: any ServerQueueWaiter
  ) -> ServerAssignment {
    if let server = pick(client: client, requestKey: requestKey, excluding: failed) {
      if queue.tryTake(server) {
        algorithm.loadChanged(on: ServerIndex(server), load: load)
        return .server(server)
      }
      // The algorithm is bound to a full server (a hash, or `leastconn` within `maxqueue`):
      // wait in that server's own queue.
      let ticket = BackendQueueTicket(server: server, queue: queue, loop: loop, selector: self, waiter: waiter)
      guard queue.enqueue(ticket, on: server) else { return .queueFull }
      algorithm.loadChanged(on: ServerIndex(server), load: load)
      return .queued(ticket)
    }
    guard algorithm.pool.totalWeight > 0 else { return .noServer }
    // Every candidate is full: wait in the backend's queue. A slot freed while queueing found
    // nobody waiting, so look once more now that the ticket is in place.
    let ticket = BackendQueueTicket(server: nil, queue: queue, loop: loop, selector: self, waiter: waiter)
    _ = queue.enqueue(ticket, on: nil)
    if let server = pick(client: client, requestKey: requestKey, excluding: failed), queue.tryTake(server) {
      guard ticket.withdraw() else {
        // A grant beat this look: keep that one, give this slot back.
        queue.release(server)
        return .queued(ticket)
      }
      algorithm.loadChanged(on: ServerIndex(server), load: load)
      return .server(server)
    }
    return .queued(ticket)
  }

  func slotGranted(on server: Int, to waiter: any ServerQueueWaiter, ticket: any ServerQueueTicket) {
    algorithm.loadChanged(on: ServerIndex(server), load: load)
    waiter.queueGranted(server: server, ticket: ticket)
  }

  func connectionEnded(on server: Int) {
    queue.release(server)
    algorithm.loadChanged(on: ServerIndex(server), load: load)
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
  /// What `http-check send-state` tells of `server`'s weight: its effective weight and the
  /// total of the servers taking traffic, in configured units, and its slowstart progress in
  /// percent while it warms up.
  func reportedWeights(of server: Int) -> (weight: Int, total: Int, warmup: Int?)
  /// Sets `server`'s `maxconn` in this loop's pool (an agent's `maxconn:N`).
  func setConnectionLimit(_ maxConnections: Int, of server: Int)
}

extension AlgorithmSelector {
  func setConnectionLimit(_ maxConnections: Int, of server: Int) {
    algorithm.setConnectionLimit(maxConnections, of: ServerIndex(server))
  }

  func reportedWeights(of server: Int) -> (weight: Int, total: Int, warmup: Int?) {
    let pool = algorithm.pool
    let index = ServerIndex(server)
    return (pool.reportedWeight(index), pool.reportedTotalWeight, pool.warmupPercent(index))
  }

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
