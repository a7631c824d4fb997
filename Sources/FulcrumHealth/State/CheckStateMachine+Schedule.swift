extension CheckStateMachine {
  /// The interval before the next health check, by state (configuration manual, `inter`):
  /// `inter` when fully up, `downinter` (else `inter`) when fully down, `fastinter` (else
  /// `inter`) while going up or down or not checked yet.
  public var healthCheckInterval: Duration {
    if health >= maximumHealth { return settings.interval }
    if operational == .stopped && health == 0 { return settings.downInterval ?? settings.interval }
    return settings.fastInterval ?? settings.interval
  }

  /// When the health check that started at `start` is followed by the next one: one interval
  /// later, skipping the slots that `now` has already passed, with `spread-checks` noise.
  public func nextHealthCheck(
    startedAt start: Duration, now: Duration, random: inout some RandomNumberGenerator
  ) -> Duration {
    CheckSchedule.next(
      after: start,
      interval: CheckSchedule.spread(healthCheckInterval, percent: settings.spreadPercent, using: &random),
      now: now)
  }

  /// When the next health check runs after `on-error` fired at `now`, the next one being due at
  /// `scheduled`: within `fastinter` when it is set (HAProxy advances the check's timer, never
  /// delays it), else unchanged.
  public func healthCheckAfterObservedErrors(scheduled: Duration, now: Duration) -> Duration {
    guard let fast = settings.fastInterval else { return scheduled }
    return min(scheduled, now + fast)
  }

  /// When the agent check that started at `start` is followed by the next one.
  public func nextAgentCheck(
    startedAt start: Duration, now: Duration, random: inout some RandomNumberGenerator
  ) -> Duration {
    CheckSchedule.next(
      after: start,
      interval: CheckSchedule.spread(settings.agentInterval, percent: settings.spreadPercent, using: &random), now: now)
  }
}
