import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How many CPUs this process may run on: the size of its affinity mask (as `taskset` or a
/// service manager leave it), which is HAProxy's default for `nbthread`, not the machine's
/// core count. On Linux the mask is read from `/proc/self/status` (`Cpus_allowed`); elsewhere,
/// or if it cannot be read, the active processor count is used. Also binds the calling thread
/// to CPUs (`cpu-map`), on Linux.
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

  #if os(Linux)
  private typealias AffinityCall = @convention(c) (pthread_t, Int, UnsafeMutablePointer<cpu_set_t>) -> Int32

  /// glibc's `pthread_setaffinity_np` and `pthread_getaffinity_np`, which Swift's Glibc module
  /// does not import (they need `_GNU_SOURCE`); looked up once by name.
  private static let affinityCalls: (set: AffinityCall, get: AffinityCall)? = {
    guard let process = dlopen(nil, RTLD_NOW), let set = dlsym(process, "pthread_setaffinity_np"),
      let get = dlsym(process, "pthread_getaffinity_np")
    else { return nil }
    return (unsafeBitCast(set, to: AffinityCall.self), unsafeBitCast(get, to: AffinityCall.self))
  }()

  /// Binds the calling thread to `cpus`; returns nil, or why it failed (e.g. none of the CPUs
  /// exists).
  public static func bindCurrentThread(to cpus: [Int]) -> String? {
    guard let calls = affinityCalls else { return "pthread_setaffinity_np is not available" }
    var set = cpu_set_t()
    let capacity = MemoryLayout<cpu_set_t>.size * 8
    withUnsafeMutableBytes(of: &set) { bytes in
      for cpu in cpus where cpu >= 0 && cpu < capacity { bytes[cpu / 8] |= UInt8(1) << UInt8(cpu % 8) }
    }
    let result = calls.set(pthread_self(), MemoryLayout<cpu_set_t>.size, &set)
    return result == 0 ? nil : String(cString: strerror(result))
  }

  /// The CPUs the calling thread may run on, ascending.
  public static func currentThreadCPUs() -> [Int] {
    guard let calls = affinityCalls else { return [] }
    var set = cpu_set_t()
    guard calls.get(pthread_self(), MemoryLayout<cpu_set_t>.size, &set) == 0 else { return [] }
    return withUnsafeBytes(of: &set) { bytes in
      (0..<(bytes.count * 8)).filter { bytes[$0 / 8] & (UInt8(1) << UInt8($0 % 8)) != 0 }
    }
  }
  #endif
}
