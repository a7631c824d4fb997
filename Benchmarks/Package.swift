// swift-tools-version:6.1
import PackageDescription

// Fulcrum's benchmarks: a package of their own, so the root `swift test` never builds them
// (DESIGN.md §5: benchmarks are not tests). Run them with
//
//     cd Benchmarks && swift package benchmark
//
// See README.md for the measurements that go with them (`fulcrum -c` against `haproxy -c`).
let package = Package(
  name: "FulcrumBenchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    // Named, because a path package is otherwise known by its folder's name, which differs
    // between clones and worktrees.
    .package(name: "fulcrum", path: ".."),
    // Only the malloc interposer (malloc counts without jemalloc). The package's other default
    // trait pulls in an ARC runtime interposer on Linux with Swift 6.3, a package this
    // machine's mirror does not carry and these metrics do not need.
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    // The root package's NIO, for the proxying benchmark's responder and event loops.
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
  ],
  targets: [
    // The data-path workloads the benchmarks below measure, shared with `instruction-counts`.
    .target(
      name: "DataPathWorkloads",
      dependencies: [
        .product(name: "FulcrumBalancing", package: "fulcrum"),
        .product(name: "FulcrumConfig", package: "fulcrum"),
        .product(name: "FulcrumProxy", package: "fulcrum"),
        .product(name: "FulcrumRuntime", package: "fulcrum"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      path: "Workloads"
    ),
    // Runs one workload N times, for `Scripts/count-instructions.py` (callgrind).
    .executableTarget(
      name: "instruction-counts",
      dependencies: ["DataPathWorkloads"],
      path: "Tools/InstructionCounts"
    ),
    .executableTarget(
      name: "ConfigParsing",
      dependencies: [
        .product(name: "FulcrumConfig", package: "fulcrum"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/ConfigParsing",
      plugins: [
        .plugin(name: "BenchmarkPlugin", package: "benchmark")
      ]
    ),
    .executableTarget(
      name: "HTTPParsing",
      dependencies: [
        "DataPathWorkloads",
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/HTTPParsing",
      plugins: [
        .plugin(name: "BenchmarkPlugin", package: "benchmark")
      ]
    ),
    .executableTarget(
      name: "HTTPProxying",
      dependencies: [
        "DataPathWorkloads",
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/HTTPProxying",
      plugins: [
        .plugin(name: "BenchmarkPlugin", package: "benchmark")
      ]
    ),
    .executableTarget(
      name: "Balancing",
      dependencies: [
        "DataPathWorkloads",
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Balancing",
      plugins: [
        .plugin(name: "BenchmarkPlugin", package: "benchmark")
      ]
    ),
  ]
)
