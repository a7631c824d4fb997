import Foundation

/// How many CPUs this process may run on: the size of its affinity mask (as `taskset` or a
/// service manager leave it), which is HAProxy's default for `nbthread`, not the machine's
/// core count. On Linux the mask is read from `/proc/self/status` (`Cpus_allowed`); elsewhere,
/// or if it cannot be read, the active processor count is used.
public enum ProcessorAffinity {
  public static func allowedCPUCount() -> Int {
    #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let count = cpusAllowed(inStatus: status), count > 0
    {
      return count
    }
    #endif
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Counts the bits of the `Cpus_allowed:` line (comma-separated 32-bit hex words).
  public static func cpusAllowed(inStatus status: String) -> Int? {
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
    let mask = line.dropFirst("Cpus_allowed:".count).trimmingCharacters(in: .whitespaces)
    var count = 0
    for word in mask.split(separator: ",") {
      guard let value = UInt64(word, radix: 16) else { return nil }
      count += value.nonzeroBitCount
    }
    return count
  }
}
