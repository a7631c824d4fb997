// swift-tools-version:6.1
import PackageDescription

// Layering (see docs/architecture.md): a target imports only from layers below it.
//   layer 4  fulcrum (executable)
//   layer 1  FulcrumConfig
//   layer 0  FulcrumCore
let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "fulcrum",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "fulcrum", targets: ["fulcrum"]),
    .library(name: "FulcrumConfig", targets: ["FulcrumConfig"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .target(name: "FulcrumCore", swiftSettings: strict),
    .target(name: "FulcrumConfig", dependencies: ["FulcrumCore"], swiftSettings: strict),
    .target(name: "FulcrumBalancing", dependencies: ["FulcrumCore"], swiftSettings: strict),
    .target(
      name: "FulcrumTestSupport",
      dependencies: ["FulcrumCore", "FulcrumConfig"],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "fulcrum",
      dependencies: [
        "FulcrumCore", "FulcrumConfig",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
      name: "FulcrumIntegrationTests",
      dependencies: ["FulcrumTestSupport", "fulcrum"],
      swiftSettings: strict
    ),
  ],
  swiftLanguageModes: [.v6]
)
