import Foundation

/// Runs blocking work (socket reads and writes, waiting for a child process) on a thread of
/// its own, so tests never block the few threads of Swift's cooperative pool, which the rest
/// of the suite needs to make progress.
public enum DedicatedThread {
  public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(with: Result { try work() })
      }
      thread.start()
    }
  }
}
