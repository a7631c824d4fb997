import CFulcrumProcess
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs external check programs for a checker on one thread of its own, so no event loop
/// ever waits for `posix_spawn` or `waitpid`: event loops hand it a plan (`launch`, which only
/// takes a lock and writes to an eventfd), the thread starts the program, waits in `poll` for
/// the children's pidfds, its eventfd and the nearest deadline, reaps every child, kills the
/// process group of a program that overruns its bound, and reports each ending once through
/// the request's completion (called on the launcher's thread; callers hop to their loop).
/// `shutdown` kills and reaps whatever still runs. Thread-safe; the children and descriptors
/// belong to the thread.
public final class ExternalCheckLauncher: Sendable {
  struct Request: Sendable {
    let plan: ExternalCheckPlan
    let completion: @Sendable (ExternalCheckExit) -> Void
  }

  struct Shared {
    var pending: [Request] = []
    var stopping = false
  }

  private let shared = NIOLockedValueBox(Shared())
  private let wakeDescriptor: Int32
  private let pool: NIOThreadPool

  /// Starts the thread. Fails when the system gives no eventfd (not Linux, or out of
  /// descriptors).
  public init() throws(ExternalCheckLauncherError) {
    let descriptor = cfulcrum_event_open()
    guard descriptor >= 0 else { throw ExternalCheckLauncherError(errno: errno) }
    wakeDescriptor = descriptor
    pool = NIOThreadPool(numberOfThreads: 1)
    pool.start()
    let shared = self.shared
    pool.submit { _ in
      var waiter = ExternalCheckWaiter(shared: shared, wakeDescriptor: descriptor)
      waiter.run()
    }
  }

  /// Starts `plan`'s program as soon as the thread wakes; `completion` is called once, on the
  /// launcher's thread, unless the launcher shuts down first.
  public func launch(_ plan: ExternalCheckPlan, completion: @escaping @Sendable (ExternalCheckExit) -> Void) {
    let accepted = shared.withLockedValue { shared in
      guard !shared.stopping else { return false }
      shared.pending.append(Request(plan: plan, completion: completion))
      return true
    }
    if accepted { wake() }
  }

  /// Kills the programs still running (with their process groups), reaps them, and stops
  /// the thread. Completions not yet called are dropped.
  public func shutdown() async {
    shared.withLockedValue { $0.stopping = true }
    wake()
    try? await pool.shutdownGracefully()
    close(wakeDescriptor)
  }

  private func wake() {
    var one: UInt64 = 1
    _ = write(wakeDescriptor, &one, 8)
  }
}

/// Why the launcher could not start.
public struct ExternalCheckLauncherError: Error, Sendable, CustomStringConvertible {
  public var errno: Int32
  public var description: String { "cannot wait for check programs: \(String(cString: strerror(errno)))" }
}

/// The launcher thread's state: the children it started, each with its pidfd (or -1 when the
/// kernel has none; those are polled with `waitpid` every 10 ms), its deadline and its
/// completion. Used only on the launcher's thread.
struct ExternalCheckWaiter {
  struct Child {
    let pid: pid_t
    let pidDescriptor: Int32
    let started: NIODeadline
    let deadline: NIODeadline
    var completion: (@Sendable (ExternalCheckExit) -> Void)?
  }

  let shared: NIOLockedValueBox<ExternalCheckLauncher.Shared>
  let wakeDescriptor: Int32
  var children: [Child] = []
  /// Set once no-new-privileges has been requested for the process (nil: not yet; else errno
  /// or 0).
  var privilegeGainForbidden: Int32?

  init(shared: NIOLockedValueBox<ExternalCheckLauncher.Shared>, wakeDescriptor: Int32) {
    self.shared = shared
    self.wakeDescriptor = wakeDescriptor
  }

  mutating func run() {
    var descriptors: [pollfd] = []
    while true {
      descriptors.removeAll(keepingCapacity: true)
      descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
      for child in children {
        descriptors.append(pollfd(fd: child.pidDescriptor, events: Int16(POLLIN), revents: 0))
      }
      _ = poll(&descriptors, nfds_t(descriptors.count), pollTimeout())
      if descriptors[0].revents != 0 {
        var count: UInt64 = 0
        _ = read(wakeDescriptor, &count, 8)
      }
      let (requests, stopping) = shared.withLockedValue { shared in
        defer { shared.pending.removeAll() }
        return (shared.pending, shared.stopping)
      }
      if stopping {
        killAll()
        return
      }
      for request in requests { start(request) }
      reapExited()
      killOverrunning()
    }
  }

  /// Milliseconds until the nearest deadline of a child not yet killed (-1: none), at most
  /// 10 ms while a child has no pidfd.
  func pollTimeout() -> Int32 {
    let now = NIODeadline.now()
    var timeout: Int64 = -1
    for child in children {
      if child.pidDescriptor < 0 { timeout = timeout < 0 ? 10 : min(timeout, 10) }
      guard child.completion != nil else { continue }
      let remaining = max(0, (child.deadline - now).nanoseconds + 999_999) / 1_000_000
      timeout = timeout < 0 ? remaining : min(timeout, remaining)
    }
    return Int32(clamping: timeout)
  }

  mutating func start(_ request: ExternalCheckLauncher.Request) {
    let started = NIODeadline.now()
    func fail(_ ending: ExternalCheckExit.Ending) {
      request.completion(ExternalCheckExit(ending, duration: .nanoseconds((NIODeadline.now() - started).nanoseconds)))
    }
    guard request.plan.processCreationAllowed else { return fail(.creationForbidden) }
    if !request.plan.privilegeGainAllowed {
      if privilegeGainForbidden == nil {
        privilegeGainForbidden = cfulcrum_forbid_privilege_gain() == 0 ? 0 : errno
      }
      if let error = privilegeGainForbidden, error != 0 { return fail(.notCreated(error)) }
    }
    switch ExternalCheckSpawner.spawn(request.plan) {
    case .failed(let ending):
      fail(ending)
    case .started(let pid):
      children.append(
        Child(
          pid: pid, pidDescriptor: cfulcrum_pidfd_open(pid), started: started,
          deadline: started + request.plan.bound, completion: request.completion))
    }
  }

  /// Reaps every child that has exited and reports those not already reported as timed out.
  mutating func reapExited() {
    var index = 0
    while index < children.count {
      let child = children[index]
      var status: Int32 = 0
      let reaped = waitpid(child.pid, &status, WNOHANG)
      guard reaped == child.pid || (reaped < 0 && errno == ECHILD) else {
        index += 1
        continue
      }
      if child.pidDescriptor >= 0 { close(child.pidDescriptor) }
      children.remove(at: index)
      guard let completion = child.completion else { continue }
      let duration = Duration.nanoseconds((NIODeadline.now() - child.started).nanoseconds)
      completion(ExternalCheckExit(Self.ending(status, reaped: reaped == child.pid), duration: duration))
    }
  }

  static func ending(_ status: Int32, reaped: Bool) -> ExternalCheckExit.Ending {
    // WIFEXITED and friends are macros Swift does not import.
    guard reaped else { return .signalled(SIGKILL) }
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signalled(signal)
  }

  /// Kills the process group of each child past its deadline and reports it timed out; it is
  /// reaped when it has died.
  mutating func killOverrunning() {
    let now = NIODeadline.now()
    for index in children.indices where children[index].completion != nil && children[index].deadline <= now {
      let child = children[index]
      kill(-child.pid, SIGKILL)
      children[index].completion = nil
      child.completion?(
        ExternalCheckExit(.timedOut, duration: .nanoseconds((now - child.started).nanoseconds)))
    }
  }

  /// At shutdown: kills every child's process group and waits for each.
  mutating func killAll() {
    for child in children {
      kill(-child.pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
      if child.pidDescriptor >= 0 { close(child.pidDescriptor) }
    }
    children.removeAll()
  }
}
