/// Bounds on what the reader accepts, so a wrong file (a log, a core dump, a 100 MB blob)
/// gets one clear message instead of exhausting memory or flooding the terminal.
public struct ReaderLimits: Sendable {
  /// Largest configuration file read, in bytes.
  public var maxFileSize: Int
  /// Longest line accepted, in bytes.
  public var maxLineLength: Int

  public init(maxFileSize: Int = 32 * 1024 * 1024, maxLineLength: Int = 64 * 1024) {
    self.maxFileSize = maxFileSize
    self.maxLineLength = maxLineLength
  }
}
