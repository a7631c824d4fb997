/// The parts of Fulcrum that give parsed keywords their behaviour. A keyword whose milestone
/// has not landed yet is parsed into the model and reported as "parsed but not yet acted on",
/// so an operator knows exactly what the running process will and will not do.
public enum Milestone: String, Sendable, CaseIterable {
  case dataPlane = "the data plane (listeners, TCP/HTTP proxying, timeouts)"
  case processManagement = "process management (daemon, master-worker, privileges)"
  case balancing = "balancing and health checks"
  case rules = "ACLs and http-request/tcp-request rules"
  case persistence = "stick tables and cookie persistence"
  case tls = "TLS termination and origination"
  case observability = "logging, stats and metrics"
  case runtimeAPI = "the runtime API and reloads"
  case compression = "HTTP compression"

  /// Milestones whose behaviour exists in this build. Moving a milestone here is what turns
  /// its keywords' warnings off.
  public static let landed: Set<Milestone> = []
}

/// Whether a keyword's behaviour exists, or which milestone brings it.
public enum KeywordStatus: Sendable, Equatable {
  /// Fully handled at load time (e.g. `setenv`, `default-server`, `description`).
  case implemented
  /// Parsed into the model; its behaviour arrives with the milestone.
  case pending(Milestone)

  public var isActedOn: Bool {
    switch self {
    case .implemented: true
    case .pending(let milestone): Milestone.landed.contains(milestone)
    }
  }
}
