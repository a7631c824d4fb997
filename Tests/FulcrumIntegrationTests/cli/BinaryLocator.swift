import Foundation

/// Finds the `fulcrum` executable built next to the test bundle, so CLI tests run the real
/// binary the way an operator would.
enum BinaryLocator {
  static var fulcrum: URL {
    // The test bundle lives in .build/<config>/; the executable is its sibling.
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("fulcrum")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    for bundle in Bundle.allBundles {
      let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("fulcrum")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return URL(fileURLWithPath: ".build/debug/fulcrum")
  }
}
