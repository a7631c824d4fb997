/// Why a run-time weight change was refused. The wording is what an operator sees from the
/// runtime API.
public enum WeightChangeError: Error, Equatable, CustomStringConvertible {
  /// The weight is outside 0...256.
  case outOfRange(Int)
  /// The backend's algorithm is static: only 0 and the configured weight are accepted.
  case staticAlgorithm(requested: Int, configured: Int)

  public var description: String {
    switch self {
    case .outOfRange(let weight):
      "weight \(weight) is out of range: use a value from 0 to \(Weighting.maximumWeight)"
    case .staticAlgorithm(let requested, let configured):
      "the backend uses a static algorithm, which only accepts weights 0 and \(configured) (its configured weight), not \(requested); use 'hash-type consistent' or a dynamic algorithm to change weights at run time"
    }
  }
}
