// swift-tools-version:6.1
import PackageDescription

// Layering (see docs/architecture.md): a target imports only from layers below it.
//   layer 4  fulcrum (executable)
//   layer 3  FulcrumRuntime
//   layer 2  FulcrumProxy  FulcrumHealth
//   layer 1  FulcrumConfig  FulcrumBalancing
//   layer 0  FulcrumCore  CFulcrumProcess (C: process control for external checks)
let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

// The data-path targets skip the dynamic exclusivity checks in release builds: they were a
// third of Fulcrum's own instructions per proxied request (lbcount, mode http: 40.2k per request
// checked, 35.3k without them in these targets; HAProxy 29.9k). Debug builds, and so every
// `swift test` run, keep them, so the suite traps on any overlapping access it exercises. The
// configuration targets (a library others may depend on) and the dependencies (NIO) keep them.
// See docs/architecture.md, "Exclusivity checking".
let dataPath: [SwiftSetting] =
  strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
  name: "fulcrum",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "fulcrum", targets: ["fulcrum"]),
    .library(name: "FulcrumConfig", targets: ["FulcrumConfig"]),
    // For the benchmarks package (`Benchmarks/`), which measures the data path from outside.
    .library(name: "FulcrumBalancing", targets: ["FulcrumBalancing"]),
    .library(name: "FulcrumProxy", targets: ["FulcrumProxy"]),
    .library(name: "FulcrumRuntime", targets: ["FulcrumRuntime"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    .target(name: "FulcrumCore", swiftSettings: strict),
    .target(name: "FulcrumConfig", dependencies: ["FulcrumCore"], swiftSettings: strict),
    .target(
      name: "FulcrumBalancing",
      dependencies: ["FulcrumCore", .product(name: "DequeModule", package: "swift-collections")],
      swiftSettings: dataPath
    ),
    .target(
      name: "FulcrumProxy",
      dependencies: [
        "FulcrumCore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Atomics", package: "swift-atomics"),
      ],
      swiftSettings: dataPath
    ),
    // posix_spawn's close-from action, pidfd_open and prctl for external checks (FulcrumHealth).
    .target(name: "CFulcrumProcess"),
    .target(
      name: "FulcrumHealth",
      dependencies: [
        "FulcrumCore", "FulcrumConfig", "CFulcrumProcess",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      swiftSettings: dataPath
    ),
    .target(
      name: "FulcrumRuntime",
      dependencies: [
        "FulcrumCore", "FulcrumConfig", "FulcrumBalancing", "FulcrumProxy", "FulcrumHealth",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Atomics", package: "swift-atomics"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: dataPath
    ),
    .target(
      name: "FulcrumTestSupport",
      dependencies: [
        "FulcrumCore", "FulcrumConfig",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "fulcrum",
      dependencies: [
        "FulcrumCore", "FulcrumConfig", "FulcrumRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    .testTarget(name: "FulcrumCoreTests", dependencies: ["FulcrumCore"], swiftSettings: strict),
    .testTarget(name: "FulcrumBalancingTests", dependencies: ["FulcrumBalancing"], swiftSettings: strict),
    .testTarget(
      name: "FulcrumConfigTests",
      dependencies: ["FulcrumConfig", "FulcrumTestSupport"],
      resources: [.copy("Fixtures")],
      swiftSettings: strict
    ),
    .testTarget(
      name: "FulcrumProxyTests",
      dependencies: [
        "FulcrumProxy", "FulcrumCore", "FulcrumTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "FulcrumHealthTests",
      dependencies: [
        "FulcrumHealth", "FulcrumConfig", "FulcrumTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "FulcrumIntegrationTests",
      dependencies: [
        "FulcrumTestSupport", "FulcrumRuntime", "FulcrumConfig", "FulcrumBalancing", "FulcrumHealth", "FulcrumCore",
        "fulcrum",
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      swiftSettings: strict
    ),
  ],
  swiftLanguageModes: [.v6]
)
