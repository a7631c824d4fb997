import Benchmark
import DataPathWorkloads

/// Whole requests through Fulcrum's `mode http` data path (`HTTPSessionHandler`) on real
/// loopback sockets (`ProxyVariant`): a blocking keep-alive client sends a browser's GET and
/// reads a 1 KiB page, 1,000 requests per iteration one after the other on one connection
/// (`scalingFactor: .kilo`). The mallocs counted are the whole process's: the proxy's event
/// loop (Fulcrum and NIO) and the responder's; `direct-keepalive-get` measures the client and
/// responder alone, so the proxy's share is the difference. README.md says what the counts are
/// made of. `Thresholds/` holds the count per 1,000 requests.
let benchmarks: @Sendable () -> Void = {
  let tolerances: [BenchmarkMetric: BenchmarkThresholds] = [
    // The idle pool's purge timer, rescheduled about every 5 s, adds 12 allocations to the
    // iteration it falls in.
    .mallocCountTotal: .init(relative: [.p90: 2.0], absolute: [.p90: 20]),
    .wallClock: .init(relative: [.p90: 35.0]),
    .throughput: .init(relative: [.p90: 35.0]),
  ]
  // No `.instructions`: where perf events are missing (this VM) asking for them costs the
  // harness 16 mallocs per iteration. Instructions are counted with callgrind instead
  // (`Scripts/count-instructions.py`).
  let configuration = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .milliseconds,
    warmupIterations: 2, scalingFactor: .kilo, maxDuration: .seconds(5), maxIterations: 40,
    thresholds: tolerances)

  for variant in ProxyVariant.all {
    let running = RunningStack()
    Benchmark(variant.name, configuration: configuration) { (benchmark: Benchmark, stack: ProxyStack) in
      for _ in benchmark.scaledIterations where !stack.client.exchange() {
        fatalError("the keep-alive connection failed")
      }
    } setup: { () async throws -> ProxyStack in
      let stack = try await variant.start()
      running.stack = stack
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
