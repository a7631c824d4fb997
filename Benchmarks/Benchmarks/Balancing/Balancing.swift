import Benchmark
import FulcrumBalancing

/// Picks of the `balance` algorithms (`AlgorithmChoice.makeAlgorithm`) over 10 and 1,000
/// servers, each pick followed by the connection accounting the runtime does per request
/// (`PickLoop`): 1,000 picks per iteration (`scalingFactor: .kilo`; `--scale` prints per pick
/// and picks per second). The budget is no malloc per pick; `Thresholds/` holds the count per
/// 1,000 picks.
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

  let algorithms: [(name: String, choice: AlgorithmChoice, keys: () -> BalancingKeys)] = [
    ("roundrobin", .roundRobin, { .none }),
    ("leastconn", .leastConnections, { .none }),
    ("source", .hash(.sourceAddress), BalancingKeys.clientAddresses),
    ("uri", .hash(.uri(URIKey())), BalancingKeys.requestTargets),
    ("random", .random(draws: 2), { .none }),
  ]
  for servers in [10, 1_000] {
    for algorithm in algorithms {
      Benchmark("\(algorithm.name)-\(servers)-servers", configuration: configuration) { benchmark, loop in
        blackHole(loop.run(picks: benchmark.scaledIterations.count))
      } setup: {
        // Weights 10, 15 and 20 in turn, as a pool of unequal machines.
        let members = (0..<servers).map { ServerPool.Member(weight: 10 + 5 * ($0 % 3)) }
        let loop = makePickLoop(algorithm.choice.makeAlgorithm(servers: members), keys: algorithm.keys())
        // Every table is built: the first picks must not be the ones measured.
        blackHole(loop.run(picks: 2 * servers))
        return loop
      }
    }
  }
}
