/// The exchanges (``HTTPExchange``) of one frontend's sessions on one event loop that no
/// session holds now, kept for the next request that starts: a connection that comes back from
/// idle, or a new one, reuses their storage instead of allocating its own. At most `capacity`
/// are kept; more are freed. Loop-bound: created for one loop, used only there.
public final class HTTPExchangePool {
  private var free: [HTTPExchange] = []
  private let capacity: Int
  private let settings: HTTPSessionSettings

  /// - Parameters:
  ///   - settings: the frontend's, which size the parsers and the retries.
  ///   - capacity: how many free exchanges are kept.
  public init(settings: HTTPSessionSettings, capacity: Int = 128) {
    self.settings = settings
    self.capacity = capacity
  }

  /// The number of exchanges kept for reuse.
  var freeCount: Int { free.count }

  func take() -> HTTPExchange {
    free.popLast() ?? HTTPExchange(settings: settings)
  }

  func put(_ exchange: HTTPExchange) {
    guard free.count < capacity else { return }
    exchange.recycle()
    free.append(exchange)
  }
}
