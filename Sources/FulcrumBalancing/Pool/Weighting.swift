/// How an algorithm turns a server's configured weight into the effective weight it balances
/// with, as HAProxy's static and dynamic algorithms do. Immutable value; any thread.
public enum Weighting: Sendable, Equatable {
  /// `roundrobin`, `leastconn`, `first`, `random` and `hash-type consistent`: weights are scaled
  /// by 16 so that `slowstart` can ramp them up smoothly, and change at run time.
  case dynamic
  /// `static-rr` and `hash-type map-based`: weights are divided by their greatest common divisor
  /// to keep the server map small; only 0 and the configured weight may be set at run time, and
  /// `slowstart` does not apply.
  case `static`

  /// HAProxy's `BE_WEIGHT_SCALE`: effective weight units per unit of configured weight.
  static let dynamicScale = 16
  /// The largest configured weight.
  public static let maximumWeight = 256
  /// The largest effective weight (HAProxy's `SRV_EWGHT_MAX`).
  static let maximumEffectiveWeight = maximumWeight * dynamicScale
}
