import Benchmark
import DataPathWorkloads

/// Parsing HTTP/1 heads in place with a reused parser and head (`HTTP1RequestHeadParser`,
/// `HTTP1ResponseHeadParser`), as a keep-alive session parses each message: 1,000 parses per
/// iteration (`scalingFactor: .kilo`, so `--scale` prints per parse). The budget is no malloc
/// at all once the head's field storage has grown; `Thresholds/` holds the count per 1,000
/// parses.
let benchmarks: @Sendable () -> Void = {
  let tolerances: [BenchmarkMetric: BenchmarkThresholds] = [
    .mallocCountTotal: .init(relative: [.p90: 0.0], absolute: [.p90: 0]),
    .wallClock: .init(relative: [.p90: 35.0]),
    .throughput: .init(relative: [.p90: 35.0]),
  ]
  // No `.instructions`: where perf events are missing (this VM) asking for them costs the
  // harness 16 mallocs per iteration, which would hide a budget of zero. Instructions are
  // counted with callgrind instead (`Scripts/count-instructions.py`).
  let configuration = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds,
    warmupIterations: 10, scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 1_000,
    thresholds: tolerances)

  Benchmark("request-head-browser-get", configuration: configuration) { benchmark, heads in
    var total = 0
    for _ in benchmark.scaledIterations { total &+= heads.parseRequest() }
    blackHole(total)
  } setup: {
    TypicalHeads()
  }

  Benchmark("response-head-200-page", configuration: configuration) { benchmark, heads in
    var total = 0
    for _ in benchmark.scaledIterations { total &+= heads.parseResponse() }
    blackHole(total)
  } setup: {
    TypicalHeads()
  }
}
