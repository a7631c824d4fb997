import FulcrumConfig

extension BackendHealthPlan {
  /// Whether the backend needs a board: a server is checked or tracks another.
  public var isWatched: Bool { servers.contains { $0.isChecked || $0.tracks != nil } }

  /// Checks that every `track` names a server of one of `plans` or of `neverChecked` (the
  /// configuration checked names and loops), and marks the tracking servers whose chain
  /// reaches a `disabled` server: they start in maintenance, as HAProxy starts them
  /// (`MAINT (via be/srv)`). `neverChecked` are the servers of `disabled` backends (true for
  /// one that is itself `disabled`): haproxy 2.6 never checks them, so they keep their initial
  /// state, and a server tracking one keeps it too (up, or in maintenance).
  public static func resolveTracking(
    _ plans: inout [BackendHealthPlan], neverChecked: [TrackedServerKey: Bool] = [:]
  ) throws(HealthPlanError) {
    var positions: [TrackedServerKey: (plan: Int, server: Int)] = [:]
    for (planIndex, plan) in plans.enumerated() {
      for (serverIndex, server) in plan.servers.enumerated() {
        positions[TrackedServerKey(backend: plan.name, server: server.name)] = (planIndex, serverIndex)
      }
    }
    for planIndex in plans.indices {
      for serverIndex in plans[planIndex].servers.indices {
        let server = plans[planIndex].servers[serverIndex]
        guard let tracked = server.tracks else { continue }
        if positions[tracked] == nil, let isDisabled = neverChecked[tracked] {
          plans[planIndex].servers[serverIndex].tracks = nil
          plans[planIndex].servers[serverIndex].startsInMaintenance = isDisabled
          continue
        }
        guard positions[tracked] != nil else {
          throw HealthPlanError(
            "server \(plans[planIndex].name)/\(server.name)\(server.location.map { " (\($0))" } ?? ""): it tracks \(tracked), whose backend is disabled and so never checked: track a server of an enabled backend"
          )
        }
        // Walk the chain (the configuration refused loops; the bound is a guard).
        var link: TrackedServerKey? = tracked
        var steps = 0
        var inherited = false
        while let current = link, let position = positions[current], steps <= positions.count {
          let next = plans[position.plan].servers[position.server]
          if next.isDisabled {
            inherited = true
            break
          }
          link = next.tracks
          steps += 1
        }
        plans[planIndex].servers[serverIndex].startsInMaintenance = inherited
      }
    }
  }
}
