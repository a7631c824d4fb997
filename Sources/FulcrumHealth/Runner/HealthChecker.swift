import NIOCore

/// Runs the checks of every checked server of the given backends on an event loop group. Each
/// server's checks run on one loop, servers taken round robin over the loops; each backend's
/// board (counts and log lines) lives on one loop too, and calls `onChange` there whenever a
/// server's place in load balancing changes or a line is to be logged. The first checks are
/// spread over the smallest interval of at least a second, as HAProxy spreads them. External
/// checks' programs are started and reaped by one `ExternalCheckLauncher` thread. Control
/// plane: `start` and `stop` may be called from any thread; the checks themselves run on the
/// loops without async/await.
public final class HealthChecker: Sendable {
  struct Task: Sendable {
    let loop: any EventLoop
    let box: NIOLoopBoundBox<ServerCheckTask>
    let timers: NIOLoopBoundBox<CheckTimerQueue>
    let healthOffset: Duration
    let agentOffset: Duration
  }

  private let tasks: [Task]
  /// Starts external checks' programs, when a server has one and `insecure-fork-wanted` allows it.
  private let launcher: ExternalCheckLauncher?

  /// `plans` are the backends to check (those without checked servers are skipped); `onChange`
  /// is called on the backend's board loop.
  public init(
    plans: [BackendHealthPlan], group: any EventLoopGroup, onChange: @escaping @Sendable (HealthChange) -> Void
  ) throws(ExternalCheckLauncherError) {
    let forkAllowed = plans.contains { plan in
      plan.servers.contains { $0.isChecked && $0.externalCheck?.processCreationAllowed == true }
    }
    let launcher = forkAllowed ? try ExternalCheckLauncher() : nil
    let loops = Array(group.makeIterator())
    // One timer queue per loop, shared by the loop's check tasks.
    let timerQueues = loops.map { loop in
      NIOLoopBoundBox.makeBoxSendingValue(CheckTimerQueue(loop: loop), eventLoop: loop)
    }
    var next = 0
    func nextLoop() -> (any EventLoop, NIOLoopBoundBox<CheckTimerQueue>) {
      defer { next = (next + 1) % loops.count }
      return (loops[next], timerQueues[next])
    }
    // Every check (health and agent) in order, for the start-up spread.
    var intervals: [Duration] = []
    for plan in plans {
      for server in plan.servers where server.isChecked {
        if server.hasHealthCheck { intervals.append(ServerCheckTask.startingInterval(server.state)) }
        if server.agent != nil { intervals.append(server.state.agentInterval) }
      }
    }
    var offsets = CheckSchedule.initialOffsets(intervals: intervals)[...]
    var tasks: [Task] = []
    for plan in plans where plan.hasChecks {
      let (boardLoop, _) = nextLoop()
      let board = NIOLoopBoundBox.makeBoxSendingValue(
        BackendHealthBoard(plan: plan, onChange: onChange), eventLoop: boardLoop)
      let report: @Sendable (ServerCheckReport) -> Void = { report in
        boardLoop.execute { board.value.apply(report) }
      }
      for (index, server) in plan.servers.enumerated() where server.isChecked {
        let (loop, timers) = nextLoop()
        let healthOffset = server.hasHealthCheck ? offsets.popFirst() ?? .zero : .zero
        let agentOffset = server.agent != nil ? offsets.popFirst() ?? .zero : .zero
        let box = NIOLoopBoundBox.makeBoxSendingValue(
          ServerCheckTask(loop: loop, index: index, plan: server, launcher: launcher, report: report), eventLoop: loop)
        tasks.append(
          Task(loop: loop, box: box, timers: timers, healthOffset: healthOffset, agentOffset: agentOffset))
      }
    }
    self.tasks = tasks
    self.launcher = launcher
  }

  /// How many servers are checked.
  public var checkedServers: Int { tasks.count }

  /// Starts every server's checks.
  public func start() {
    for task in tasks {
      task.loop.execute {
        task.box.value.start(
          healthOffset: task.healthOffset, agentOffset: task.agentOffset, timers: task.timers.value)
      }
    }
  }

  /// Stops every check and closes their connections; returns once each loop has done so (or
  /// has shut down).
  public func stop() async {
    var stopped: [EventLoopFuture<Void>] = []
    for task in tasks {
      stopped.append(task.loop.submit { task.box.value.stop() })
    }
    for future in stopped { try? await future.get() }
    await launcher?.shutdown()
  }
}
