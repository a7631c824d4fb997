import FulcrumConfig
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
  /// Each checked server's task, by backend name then server index, for `observe` reports.
  private let tasksByServer: [String: [Int: Task]]
  /// Starts external checks' programs, when a server has one and `insecure-fork-wanted` allows it.
  private let launcher: ExternalCheckLauncher?

  /// `plans` are the backends to check (those without checked servers are skipped); `onChange`
  /// is called on the backend's board loop. `serverLoad(backend, server, loop)`, called on the
  /// checking loop, tells a server's sessions, queue and weights now (external checks pass the
  /// sessions as `HAPROXY_SERVER_CURCONN`; `http-check send-state` sends them all);
  /// `queueMoves(backend, server, target)` moves the server's queued sessions for its new
  /// target (on the board's loop, before the change is logged) and tells what moved;
  /// `connectionLimit(backend, server, maxconn)` sets a server's `maxconn` when its agent
  /// answers `maxconn:N` (on the checking loop).
  public init(
    plans: [BackendHealthPlan], group: any EventLoopGroup, maxSpread: Duration? = nil,
    serverLoad: @escaping @Sendable (String, Int, any EventLoop) -> ServerLoadFigures = { _, _, _ in
      ServerLoadFigures()
    },
    queueMoves: @escaping @Sendable (String, Int, ServerTarget) -> ServerQueueReport = { _, _, _ in
      ServerQueueReport()
    },
    connectionLimit: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in },
    onChange: @escaping @Sendable (HealthChange) -> Void
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
    var offsets = CheckSchedule.initialOffsets(intervals: intervals, maxSpread: maxSpread)[...]
    var tasks: [Task] = []
    var byServer: [String: [Int: Task]] = [:]
    var boards: [String: Board] = [:]
    for plan in plans where plan.isWatched {
      let (boardLoop, _) = nextLoop()
      let board = NIOLoopBoundBox.makeBoxSendingValue(
        BackendHealthBoard(
          plan: plan, queueMoves: { [name = plan.name] in queueMoves(name, $0, $1) }, onChange: onChange),
        eventLoop: boardLoop)
      boards[plan.name] = Board(loop: boardLoop, box: board)
      let report: @Sendable (ServerCheckReport) -> Void = { report in
        boardLoop.execute { board.value.apply(report) }
      }
      for (index, server) in plan.servers.enumerated() where server.isChecked {
        let (loop, timers) = nextLoop()
        let healthOffset = server.hasHealthCheck ? offsets.popFirst() ?? .zero : .zero
        let agentOffset = server.agent != nil ? offsets.popFirst() ?? .zero : .zero
        let box = NIOLoopBoundBox.makeBoxSendingValue(
          ServerCheckTask(
            loop: loop, index: index, plan: server, launcher: launcher,
            serverLoad: { [name = plan.name] loop in serverLoad(name, index, loop) },
            connectionLimit: { [name = plan.name] in connectionLimit(name, index, $0) }, report: report),
          eventLoop: loop)
        let task = Task(loop: loop, box: box, timers: timers, healthOffset: healthOffset, agentOffset: agentOffset)
        tasks.append(task)
        byServer[plan.name, default: [:]][index] = task
      }
    }
    self.tasks = tasks
    self.launcher = launcher
    tasksByServer = byServer
    Self.connectTracking(plans: plans, boards: boards)
  }

  /// One backend's board and its loop.
  struct Board: Sendable {
    let loop: any EventLoop
    let box: NIOLoopBoundBox<BackendHealthBoard>
  }

  /// Tells each board which servers track its servers, and how to reach their boards: a
  /// server's new condition goes to the tracking server's board, on that board's loop.
  static func connectTracking(plans: [BackendHealthPlan], boards: [String: Board]) {
    var positions: [TrackedServerKey: (count: Int, index: Int)] = [:]
    for plan in plans {
      for (index, server) in plan.servers.enumerated() {
        positions[TrackedServerKey(backend: plan.name, server: server.name)] = (plan.servers.count, index)
      }
    }
    var followers: [String: [[BackendHealthBoard.Follower]]] = [:]
    for plan in plans where boards[plan.name] != nil {
      for (index, server) in plan.servers.enumerated() {
        guard let tracked = server.tracks, let (count, trackedIndex) = positions[tracked] else { continue }
        var list = followers[tracked.backend] ?? Array(repeating: [], count: count)
        list[trackedIndex].append(BackendHealthBoard.Follower(backend: plan.name, server: index))
        followers[tracked.backend] = list
      }
    }
    guard !followers.isEmpty else { return }
    let deliver: @Sendable (BackendHealthBoard.Follower, TrackedCondition) -> Void = { follower, condition in
      guard let board = boards[follower.backend] else { return }
      board.loop.execute { board.box.value.follow(server: follower.server, condition: condition) }
    }
    for (backend, list) in followers {
      guard let board = boards[backend] else { continue }
      board.loop.execute { board.box.value.connect(followers: list, deliver: deliver) }
    }
  }

  /// How many servers are checked.
  public var checkedServers: Int { tasks.count }

  /// `observe`: server `server` of `backend` had `count` consecutive errors in its traffic
  /// (its `error-limit`), the last one described by `last` (`L4 unsuccessful connection`).
  /// Its check task applies `on-error` on its own loop. Any thread; a server without a health
  /// check is left alone, as HAProxy leaves it.
  public func observedErrorsReachedLimit(backend: String, server: Int, count: Int, last: String) {
    guard let task = tasksByServer[backend]?[server] else { return }
    task.loop.execute { task.box.value.observedErrorsReachedLimit(count: count, last: last) }
  }

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
