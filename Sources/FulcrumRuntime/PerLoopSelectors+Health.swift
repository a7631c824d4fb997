import FulcrumBalancing
import FulcrumHealth
import NIOCore

extension PerLoopSelectors {
  /// How often warming servers' weights are recomputed (HAProxy steps slowstart about once a
  /// second).
  static let slowstartTick = TimeAmount.seconds(1)

  /// The runtime's monotonic clock as the balancing pools count time.
  static var now: Duration { .nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds)) }

  /// Moves server `server` to `target` in every loop's selector, each on its own loop, and
  /// keeps the slowstart clock ticking while a server warms up. `refused` is called (on a loop)
  /// when the algorithm refuses the weight.
  func apply(_ target: ServerTarget, to server: Int, refused: @escaping @Sendable (WeightChangeError) -> Void) {
    for loop in loops {
      let box = selectors.box(for: loop)
      loop.execute {
        if let refusal = box.value.apply(target, to: server, at: Self.now) { refused(refusal) }
        Self.tickWhileWarming(box, on: loop)
      }
    }
  }

  /// Sets `server`'s `maxconn` (an agent's `maxconn:N`): in the shared slots at once, which
  /// serves the sessions a higher limit lets in, and in every loop's pool on its loop.
  func setConnectionLimit(_ maxConnections: Int, of server: Int) {
    queue.setConnectionLimit(server, maxConnections)
    for loop in loops {
      let box = selectors.box(for: loop)
      loop.execute { box.value.setConnectionLimit(maxConnections, of: server) }
    }
  }

  /// Advances the selector's slowstart once a second until no server warms up. On `loop`.
  static func tickWhileWarming(_ box: NIOLoopBoundBox<any HealthAwareSelector>, on loop: any EventLoop) {
    guard box.value.isWarmingUp, !box.value.isTicking else { return }
    box.value.isTicking = true
    loop.scheduleRepeatedTask(initialDelay: slowstartTick, delay: slowstartTick) { task in
      box.value.advanceClock(to: now)
      if !box.value.isWarmingUp {
        box.value.isTicking = false
        task.cancel()
      }
    }
  }

  /// `server`'s load as `http-check send-state` reports it, read on `loop` (one of the group's):
  /// its sessions and queue from the shared counts, its weights from `loop`'s selector.
  func load(of server: Int, on loop: any EventLoop) -> ServerLoadFigures {
    let weights = selectors[loop].reportedWeights(of: server)
    return ServerLoadFigures(
      sessions: queue.served(server), backendSessions: queue.backendServed, queued: queue.queued(server),
      weight: weights.weight, totalWeight: weights.total, warmup: weights.warmup)
  }
}
