import Dispatch

/// Runs the async command from a synchronous `main`: starts it in a task and blocks the main
/// thread until it returns its exit status. Main thread only.
enum BlockingMain {
  /// Carries the runner into the task and the status back; written once by the task, read
  /// once by the main thread after the semaphore, so the semaphore orders the accesses.
  private final class Exchange: @unchecked Sendable {
    let runner: CommandRunner
    var status: Int32 = 1
    let done = DispatchSemaphore(value: 0)
    init(runner: CommandRunner) { self.runner = runner }
  }

  static func run(_ runner: CommandRunner) -> Int32 {
    let exchange = Exchange(runner: runner)
    Task.detached {
      exchange.status = await exchange.runner.run()
      exchange.done.signal()
    }
    exchange.done.wait()
    return exchange.status
  }
}
