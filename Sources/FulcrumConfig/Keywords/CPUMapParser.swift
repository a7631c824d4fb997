/// Reads a `cpu-map [auto:]<process-set>[/<thread-set>] <cpu-set>...` line with HAProxy 2.6's
/// syntax and messages: sets are `all`, `odd`, `even`, `N`, `N-` or `N-M` from 1 to 64; CPU sets
/// are `N`, `N-` or `N-M` from 0 to 1023. Only process 1 exists: a line for other processes has
/// no effect (with a warning). Forms HAProxy reads loosely (a comma list in one word) are
/// refused with what to write instead. Runs on the loading thread.
enum CPUMapParser {
  static func parse(_ input: inout KeywordInput) throws(ConfigError) -> CPUMapping? {
    try input.expectArguments(2...64, "a thread set and a CPU set, e.g. 'cpu-map 1/all 0-3'")
    var first = input.args[0]
    let automatic = first.hasPrefix("auto:")
    if automatic { first.removeFirst("auto:".count) }
    let parts = first.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let processes = try set(parts[0])
    let threads = try parts.count > 1 ? set(parts[1]) : nil
    let cpus = try cpuSet(input.args.dropFirst())
    let spelling = input.args.joined(separator: " ")
    if automatic {
      let sized = threads.map { $0.nonzeroBitCount == cpus.count } ?? (processes.nonzeroBitCount == cpus.count)
      guard sized else {
        throw ConfigError(
          "'cpu-map' : PROC/THREAD range and CPU sets must have the same size to be automatically bound")
      }
      if let threads, threads.nonzeroBitCount > 1, processes.nonzeroBitCount > 1 {
        throw ConfigError(
          "'cpu-map \(spelling)' : 'auto:' takes a range of processes or of threads, not both; write 'auto:1/<threads> <cpus>'"
        )
      }
    }
    guard processes & 1 != 0 else {
      input.warn(
        "'cpu-map \(spelling)' names no thread of process 1, the only process since HAProxy 2.5: this line has no effect"
      )
      return nil
    }
    if automatic, threads == nil, processes != 1 {
      // auto over a process range: process 1, the lowest, takes the lowest CPU.
      return CPUMapping(threads: nil, cpus: [cpus[0]], automatic: false, spelling: spelling, location: input.location)
    }
    return CPUMapping(threads: threads, cpus: cpus, automatic: automatic, spelling: spelling, location: input.location)
  }

  /// A process or thread set as a mask, bit `n - 1` for number `n`.
  static func set(_ word: String) throws(ConfigError) -> UInt64 {
    switch word {
    case "all": return .max
    case "odd": return 0x5555_5555_5555_5555
    case "even": return 0xAAAA_AAAA_AAAA_AAAA
    default:
      let maximum = CPUMapping.maximumThread
      guard let (low, high) = range(word, openEnd: maximum), low >= 1, high <= maximum else {
        throw ConfigError(
          "'cpu-map' : '\(word)' is not a valid number/range. It supports numbers from 1 to \(maximum).")
      }
      var mask: UInt64 = 0
      for number in low...high { mask |= 1 << UInt64(number - 1) }
      return mask
    }
  }

  /// The CPUs of every word, ascending and without repeats.
  static func cpuSet(_ words: ArraySlice<String>) throws(ConfigError) -> [Int] {
    var cpus = Set<Int>()
    for word in words {
      guard word.first?.isNumber == true else { throw ConfigError("'cpu-map' : '\(word)' is not a CPU range.") }
      guard let (low, high) = range(word, openEnd: CPUMapping.maximumCPU) else {
        throw ConfigError(
          "'cpu-map' : '\(word)' is not a CPU range; write one CPU or range per word ('0 2' or '0-3')")
      }
      guard high <= CPUMapping.maximumCPU else {
        throw ConfigError("'cpu-map' : supports CPU numbers from 0 to \(CPUMapping.maximumCPU).")
      }
      cpus.formUnion(low...high)
    }
    return cpus.sorted()
  }

  /// `N`, `N-` (up to `openEnd`) or `N-M` (either order), digits only; nil otherwise.
  static func range(_ word: String, openEnd: Int) -> (Int, Int)? {
    let pieces = word.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    guard pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let low = Int(pieces[0])
    else { return nil }
    guard pieces.count == 2 else { return (low, low) }
    guard let high = pieces[1].isEmpty ? openEnd : Int(pieces[1]) else { return nil }
    return (min(low, high), max(low, high))
  }
}
