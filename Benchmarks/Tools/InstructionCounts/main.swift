import DataPathWorkloads
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Runs one data-path workload of the benchmarks a given number of times and exits, for
// `Scripts/count-instructions.py` to count its instructions under callgrind: valgrind cannot run
// the benchmark runner itself (its async main waits in dispatch's signal loop), and this VM has
// no perf events for the runner's own `instructions` metric.
//
//     instruction-counts NAME COUNT
//
// NAME is a benchmark's `Target.name` as in `Thresholds/` (`HTTPParsing.request-head-browser-get`,
// `Balancing.uri-1000-servers`, `HTTPProxying.proxy-keepalive-get`, ...); `list` prints them.

/// Holds what the detached task produced for the blocked main thread. Written once by the
/// task, read by main after the semaphore; never at the same time.
final class Outcome: @unchecked Sendable {
  var failure: String?
}

func fail(_ message: String) -> Never {
  let line = Array("instruction-counts: \(message)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(1)
}

let parsing = ["HTTPParsing.request-head-browser-get", "HTTPParsing.response-head-200-page"]
let names =
  parsing + BalancingCase.all.map { "Balancing.\($0.name)" } + ProxyVariant.all.map { "HTTPProxying.\($0.name)" }
let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "list" {
  print(names.joined(separator: "\n"))
  exit(0)
}
guard arguments.count == 3, let count = Int(arguments[2]), count >= 0 else {
  fail("usage: instruction-counts NAME COUNT, or instruction-counts list")
}
let name = arguments[1]
var sum = 0
if name == parsing[0] || name == parsing[1] {
  let heads = TypicalHeads()
  let request = name == parsing[0]
  for _ in 0..<count { sum &+= request ? heads.parseRequest() : heads.parseResponse() }
} else if let workload = BalancingCase.all.first(where: { "Balancing.\($0.name)" == name }) {
  sum = workload.makeLoop().run(picks: count)
} else if let variant = ProxyVariant.all.first(where: { "HTTPProxying.\($0.name)" == name }) {
  let outcome = Outcome()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    do {
      let stack = try await variant.start()
      for _ in 0..<count where !stack.client.exchange() {
        outcome.failure = "the keep-alive connection failed"
        break
      }
      try await stack.stop()
    } catch {
      outcome.failure = "\(error)"
    }
    done.signal()
  }
  done.wait()
  if let failure = outcome.failure { fail(failure) }
} else {
  fail("no workload '\(name)'; 'instruction-counts list' prints them")
}
print("\(name): \(count) operations (checksum \(sum))")
