import FulcrumProxy
import Logging
import NIOCore
import ServiceLifecycle

/// The proxy as a swift-service-lifecycle `Service`: starts the listeners, then waits. A
/// graceful shutdown (SIGUSR1, HAProxy's soft stop) closes the listeners and lets sessions in
/// flight finish, up to `hard-stop-after`; cancellation (SIGTERM, SIGINT) stops at once, as
/// HAProxy does. Control plane only.
public struct FulcrumService: Service {
  let runtime: ProxyRuntime
  let logger: Logger
  let hardStopAfter: Duration?
  let onStarted: @Sendable ([SocketAddress]) -> Void

  public init(
    runtime: ProxyRuntime, logger: Logger, hardStopAfter: Duration?,
    onStarted: @escaping @Sendable ([SocketAddress]) -> Void = { _ in }
  ) {
    self.runtime = runtime
    self.logger = logger
    self.hardStopAfter = hardStopAfter
    self.onStarted = onStarted
  }

  public func run() async throws {
    let bound = try await runtime.start()
    for warning in runtime.startWarnings { logger.warning("\(warning)") }
    for address in bound { logger.notice("listening on \(address)") }
    logger.notice("serving with \(runtime.threadCount) thread(s)")
    onStarted(bound)
    // Returns when a graceful shutdown is requested; throws on cancellation.
    try await gracefulShutdown()
    logger.notice("soft stop: closing listeners, \(runtime.activeSessions) session(s) still running")
    await runtime.stopListening()
    await runtime.softStopSessions()
    await runtime.waitForSessions(upTo: hardStopAfter)
  }
}
