/// `hash-type` and `hash-balance-factor` of a backend: how a hashed key designates a server.
/// Immutable value; any thread.
public struct HashSettings: Sendable, Equatable {
  /// How a hash designates a server.
  public enum Method: String, Sendable {
    /// `map-based`: the hash modulo the total weight indexes a static server map. Smooth, but
    /// most keys move when a server goes up or down; weights are static.
    case mapBased = "map-based"
    /// `consistent`: the hash is looked up on a ring holding each server at points in
    /// proportion to its weight; only the keys of a server that changes move. Weights are
    /// dynamic.
    case consistent
  }

  public var method: Method
  public var function: HashFunction
  /// `avalanche`: mix the hash with `HashFunction.avalanche` before using it.
  public var avalanche: Bool
  /// `hash-balance-factor`: with consistent hashing, no server takes more than this percentage
  /// of the average load (0 disables it; otherwise above 100).
  public var balanceFactor: Int

  /// Settings as `hash-type` writes them. Without a function, HAProxy uses sdbm, and adds the
  /// avalanche modifier when the method is consistent.
  public init(
    method: Method = .mapBased, function: HashFunction? = nil, avalanche: Bool = false, balanceFactor: Int = 0
  ) {
    self.method = method
    self.function = function ?? .sdbm
    self.avalanche = avalanche || (function == nil && method == .consistent)
    self.balanceFactor = balanceFactor
  }

  /// The server-designating hash of `key`: the function, then avalanche if asked.
  public func hash(_ key: Span<UInt8>) -> UInt32 {
    finish(function.hash(key))
  }

  /// Applies the avalanche modifier to a hash computed otherwise (the source address hash).
  public func finish(_ hash: UInt32) -> UInt32 {
    avalanche ? HashFunction.avalanche(hash) : hash
  }

  /// The weighting the method implies.
  public var weighting: Weighting { method == .consistent ? .dynamic : .static }
}
