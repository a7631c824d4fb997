import FulcrumHealth

extension ProxyRuntime {
  /// Starts the health checks of the plan's backends; each change moves the server in every
  /// selector of every frontend using the backend (on each selector's loop) and is logged.
  /// Fails when external checks need a launcher thread the system cannot give.
  func startHealthChecks(selectors: [String: [PerLoopSelectors]]) throws(RuntimeError) {
    let plans = plan.healthChecks.filter(\.hasChecks)
    guard !plans.isEmpty else { return }
    let log = healthLog
    let checker: HealthChecker
    do throws(ExternalCheckLauncherError) {
      checker = try HealthChecker(plans: plans, group: group) { change in
        log.record(change)
        guard change.targetChanged else { return }
        for perLoop in selectors[change.backend] ?? [] {
          perLoop.apply(change.target, to: change.server) { refusal in
            log.record(
              .warning, "backend '\(change.backend)': server '\(change.serverName)' keeps its weight: \(refusal)")
          }
        }
      }
    } catch {
      throw RuntimeError("external checks: \(error)")
    }
    healthChecker.withLockedValue { $0 = checker }
    checker.start()
  }

  /// Stops the health checks.
  func stopHealthChecks() async {
    let checker = healthChecker.withLockedValue { value in
      defer { value = nil }
      return value
    }
    await checker?.stop()
  }
}
