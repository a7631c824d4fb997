import NIOCore

extension ProbePlan {
  /// Runs the probe once on `loop` and completes with its outcome (on `loop`). The checker
  /// runs probes on its own schedule; this is for one-off checks and tests.
  public func run(on loop: any EventLoop) -> EventLoopFuture<CheckOutcome> {
    let promise = loop.makePromise(of: CheckOutcome.self)
    let plan = self
    loop.execute {
      let probe = CheckProbe(loop: loop, script: plan.script, target: plan.target, evaluator: plan.evaluator)
      probe.start { outcome in promise.succeed(outcome) }
    }
    return promise.futureResult
  }
}
