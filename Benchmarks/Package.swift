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
  ],
  targets: [
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
    )
  ]
)
