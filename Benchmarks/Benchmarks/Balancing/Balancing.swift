import Benchmark
import DataPathWorkloads

/// Picks of the `balance` algorithms (`AlgorithmChoice.makeAlgorithm`) over 10 and 1,000
/// servers, each pick followed by the connection accounting the runtime does per request
/// (`PickLoop`): 1,000 picks per iteration (`scalingFactor: .kilo`). The budget is no malloc per
/// pick; `Thresholds/` holds the count per 1,000 picks.
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
    warmupIterations: 10, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 1_000,
    thresholds: tolerances)

  for workload in BalancingCase.all {
    Benchmark(workload.name, configuration: configuration) { benchmark, loop in
      blackHole(loop.run(picks: benchmark.scaledIterations.count))
    } setup: {
      workload.makeLoop()
    }
  }
}
