import Benchmark
import NIOCore

/// Whole requests through Fulcrum's `mode http` data path (`HTTPSessionHandler`) on real
/// loopback sockets: a blocking keep-alive client sends a browser's GET and reads a 1 KiB page,
/// 1,000 requests per iteration one after the other on one connection (`scalingFactor: .kilo`;
/// `--scale` prints per request). The mallocs counted are the whole process's: the proxy's
/// event loop (Fulcrum and NIO) and the responder's; `direct-keepalive-get` measures the client
/// and responder alone, so the proxy's share is the difference. README.md says what the counts
/// are made of. `Thresholds/` holds the count per 1,000 requests.
let benchmarks: @Sendable () -> Void = {
  let tolerances: [BenchmarkMetric: BenchmarkThresholds] = [
    // A timer of the proxy (a session's watchdog, the idle pool's purge) firing inside an
    // iteration adds a few allocations.
    .mallocCountTotal: .init(relative: [.p90: 2.0], absolute: [.p90: 20]),
    .wallClock: .init(relative: [.p90: 35.0]),
    .throughput: .init(relative: [.p90: 35.0]),
  ]
  // No `.instructions`: where perf events are missing (this VM) asking for them costs the
  // harness 16 mallocs per iteration, which would hide a budget of zero. Instructions are
  // counted with callgrind instead (`Scripts/count-instructions.py`).
  let configuration = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .milliseconds,
    warmupIterations: 2, scalingFactor: .kilo, maxDuration: .seconds(5), maxIterations: 40,
    thresholds: tolerances)

  let plain = Responder.response()
  // Apache's keep-alive answer: the hop-by-hop `Keep-Alive` field makes Fulcrum rewrite the head.
  let apache = Responder.response(extraFields: "Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n")
  let variants: [(name: String, options: [String]?, response: ByteBuffer, untouched: Bool)] = [
    ("direct-keepalive-get", nil, plain, true),
    // Both heads forwarded as received.
    ("proxy-keepalive-get", [], plain, true),
    // The request head is rewritten to add `X-Forwarded-For`.
    ("proxy-keepalive-get-forwardfor", ["option forwardfor"], plain, true),
    // The response head is rewritten to drop `Keep-Alive` and `Connection`.
    ("proxy-keepalive-get-rewritten-response", [], apache, false),
  ]
  for variant in variants {
    let running = RunningStack()
    Benchmark(variant.name, configuration: configuration) { (benchmark: Benchmark, stack: ProxyStack) in
      for _ in benchmark.scaledIterations where !stack.client.exchange() {
        fatalError("the keep-alive connection failed")
      }
    } setup: { () async throws -> ProxyStack in
      let stack = try await ProxyStack.start(
        proxyOptions: variant.options, response: variant.response, untouched: variant.untouched)
      running.stack = stack
      // Idle pools, parsers' field storage and NIO's buffers grow to their size first.
      for _ in 0..<1_000 where !stack.client.exchange() { fatalError("the keep-alive connection failed") }
      return stack
    } teardown: {
      try await running.stack?.stop()
      running.stack = nil
    }
  }
}

/// The stack a benchmark's setup started, for its teardown to stop. Benchmark runner only.
final class RunningStack {
  var stack: ProxyStack?
}
