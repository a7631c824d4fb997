import Foundation

/// Locates test fixture files and writes temporary configuration files that are removed when
/// the test ends. Used from test threads only.
public struct TemporaryDirectory: ~Copyable {
  public let url: URL

  public init(prefix: String = "fulcrum-test") throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
    url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes `contents` to `name` inside the directory and returns its path.
  @discardableResult
  public func write(_ name: String, _ contents: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: file)
    return file.path
  }

  /// Writes raw bytes to `name` inside the directory and returns its path.
  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) throws -> String {
    let file = url.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return file.path
  }

  public var path: String { url.path }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }
}
