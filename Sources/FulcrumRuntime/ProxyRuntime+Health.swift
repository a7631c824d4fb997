import FulcrumHealth
import NIOCore

extension ProxyRuntime {
  /// Starts the health checks of the plan's backends (and the `track` links between servers);
  /// each change moves the server in every selector of every frontend using the backend (on
  /// each selector's loop) and is logged. Fails when external checks need a launcher thread
  /// the system cannot give.
  func startHealthChecks(backends: [String: PerLoopBackend]) throws(RuntimeError) {
    let plans = plan.healthChecks.filter(\.isWatched)
    guard !plans.isEmpty else { return }
    let log = healthLog
    let checker: HealthChecker
    do throws(ExternalCheckLauncherError) {
      let queues = backends.mapValues(\.selectors.queue)
      let serverLoad: @Sendable (String, Int, any EventLoop) -> ServerLoadFigures = { backend, server, loop in
        guard let selectors = backends[backend]?.selectors else { return ServerLoadFigures() }
        return selectors.load(of: server, on: loop)
      }
      let queueMoves: @Sendable (String, Int, ServerTarget) -> ServerQueueReport = { backend, server, target in
        guard let queue = queues[backend] else { return ServerQueueReport() }
        let moved = queue.setUsable(server, target.isUsable)
        return ServerQueueReport(active: queue.served(server), requeued: moved, queued: queue.queued(server))
      }
      checker = try HealthChecker(
        plans: plans, group: group, maxSpread: plan.maxSpreadChecks, serverLoad: serverLoad, queueMoves: queueMoves,
        connectionLimit: { backend, server, maxconn in
          backends[backend]?.selectors.setConnectionLimit(maxconn, of: server)
        }
      ) { change in
        log.record(change)
        guard change.targetChanged, let backend = backends[change.backend] else { return }
        backend.selectors.apply(change.target, to: change.server) { refusal in
          log.record(
            .warning, "backend '\(change.backend)': server '\(change.serverName)' keeps its weight: \(refusal)")
        }
        backend.serverChanged(change.server, to: change.target)
      }
    } catch {
      throw RuntimeError("external checks: \(error)")
    }
    healthChecker.withLockedValue { $0 = checker }
    checker.start()
  }

  /// What an observer calls when a server's consecutive errors reach its `error-limit`: the
  /// checker applies `on-error` on the server's check loop (nothing before checks start).
  func observedErrorsReporter(backend: String) -> @Sendable (Int, Int, String) -> Void {
    let checker = healthChecker
    return { server, count, last in
      checker.withLockedValue { $0 }?.observedErrorsReachedLimit(
        backend: backend, server: server, count: count, last: last)
    }
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
