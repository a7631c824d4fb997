/// One `cpu-map` line of the `global` section: which threads (or the whole process) it binds
/// to which CPUs. Immutable value; any thread.
public struct CPUMapping: Sendable, Equatable {
  /// The threads the line binds, bit `n - 1` for thread `n` (1 to 64); nil binds the whole
  /// process (`cpu-map 1 0-3`).
  public var threads: UInt64?
  /// The CPUs, ascending, each from 0 to `CPUMapping.maximumCPU`.
  public var cpus: [Int]
  /// `auto:`: one CPU per thread, the lowest thread on the lowest CPU (for the whole process,
  /// the lowest CPU).
  public var automatic: Bool
  /// The line's arguments as written, for messages.
  public var spelling: String
  public var location: SourceLocation

  /// The highest thread number a thread set can name (HAProxy's `LONGBITS`).
  public static let maximumThread = 64
  /// The highest CPU number (`CPU_SETSIZE - 1` on Linux).
  public static let maximumCPU = 1023

  public init(threads: UInt64?, cpus: [Int], automatic: Bool, spelling: String, location: SourceLocation) {
    self.threads = threads
    self.cpus = cpus
    self.automatic = automatic
    self.spelling = spelling
    self.location = location
  }

  /// The CPUs each of the first `threadCount` threads is bound to (nil: not bound), after
  /// every line in order, as HAProxy's manual describes it: a later line replaces an earlier
  /// one where they overlap, and a thread bound both by its own line and by the process's is
  /// bound to their intersection, or to the process's CPUs if it is empty.
  public static func threadCPUs(_ mappings: [CPUMapping], threadCount: Int) -> [[Int]?] {
    let count = min(threadCount, maximumThread)
    var process: [Int]?
    var own = [[Int]?](repeating: nil, count: count)
    for mapping in mappings {
      guard let threads = mapping.threads else {
        process = mapping.automatic ? Array(mapping.cpus.prefix(1)) : mapping.cpus
        continue
      }
      var position = 0
      for thread in 0..<maximumThread where threads & (1 << UInt64(thread)) != 0 {
        defer { position += 1 }
        guard thread < count else { continue }
        if mapping.automatic {
          own[thread] = position < mapping.cpus.count ? [mapping.cpus[position]] : nil
        } else {
          own[thread] = mapping.cpus
        }
      }
    }
    return own.map { cpus in
      guard let process else { return cpus }
      guard let cpus else { return process }
      let common = cpus.filter(process.contains)
      return common.isEmpty ? process : common
    }
  }
}
