import FulcrumConfig
import Testing

/// `cpu-map`: HAProxy 2.6's syntax and messages (checked against `haproxy -c`), and which CPUs
/// each thread ends up on.
@Suite struct CPUMapTests {
  func load(_ lines: String, nbthread: Int = 4) -> ConfigLoadResult {
    TestLoad.text(
      "global\n  nbthread \(nbthread)\n" + lines + "\n" + TestLoad.httpDefaults + "frontend f\n  bind :80\n")
  }

  func threadCPUs(_ lines: String, threads: Int = 4) -> [[Int]?] {
    let result = load(lines, nbthread: threads)
    #expect(result.alertTexts.isEmpty, "\(result.alertTexts)")
    return CPUMapping.threadCPUs(result.configuration.global.cpuMap, threadCount: threads)
  }

  @Test func threadsGetTheirCPUs() {
    #expect(threadCPUs("  cpu-map 1/all 0-3") == [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]])
    #expect(threadCPUs("  cpu-map auto:1/1-4 0-3") == [[0], [1], [2], [3]])
    #expect(threadCPUs("  cpu-map auto:1/1-4 0-1 2-3") == [[0], [1], [2], [3]])
    #expect(threadCPUs("  cpu-map auto:1/1-4 3 2 1 0") == [[0], [1], [2], [3]])
    #expect(threadCPUs("  cpu-map auto:1/even 0-31") == [nil, [0], nil, [1]])
    #expect(threadCPUs("  cpu-map 1/2 1") == [nil, [1], nil, nil])
    #expect(threadCPUs("  cpu-map 1 2-3") == [[2, 3], [2, 3], [2, 3], [2, 3]])
    #expect(threadCPUs("  cpu-map 1/1- 0-", threads: 2) == [Array(0...1023), Array(0...1023)])
    // Later lines replace earlier ones where they overlap.
    #expect(threadCPUs("  cpu-map 1/all 0\n  cpu-map 1/3 1") == [[0], [0], [1], [0]])
    // A thread's own CPUs meet the process's; with nothing in common, the process's remain.
    #expect(threadCPUs("  cpu-map 1 0-1\n  cpu-map 1/1 1-2\n  cpu-map 1/2 3") == [[1], [0, 1], [0, 1], [0, 1]])
    // auto over processes: process 1 takes the lowest CPU.
    #expect(threadCPUs("  cpu-map auto:1-2 4-5", threads: 2) == [[4], [4]])
    // Threads above nbthread are ignored.
    #expect(threadCPUs("  cpu-map auto:1/1-4 0-3", threads: 2) == [[0], [1]])
  }

  @Test func linesForOtherProcessesHaveNoEffect() {
    let result = load("  cpu-map 2/1 0")
    #expect(result.alertTexts.isEmpty)
    #expect(result.configuration.global.cpuMap.isEmpty)
    #expect(
      result.warningTexts == [
        "parsing [t.cfg:3] : 'cpu-map 2/1 0' names no thread of process 1, the only process since HAProxy 2.5: this line has no effect"
      ])
  }

  @Test func refusesWhatHAProxyRefusesWithItsMessages() {
    let cases: [(String, String)] = [
      ("1/0 0", "'cpu-map' : '0' is not a valid number/range. It supports numbers from 1 to 64."),
      ("1/1-65 0", "'cpu-map' : '1-65' is not a valid number/range. It supports numbers from 1 to 64."),
      ("x/1 0", "'cpu-map' : 'x' is not a valid number/range. It supports numbers from 1 to 64."),
      (
        "auto:1/all 0-1",
        "'cpu-map' : PROC/THREAD range and CPU sets must have the same size to be automatically bound"
      ),
      ("auto:1/1 0-3", "'cpu-map' : PROC/THREAD range and CPU sets must have the same size to be automatically bound"),
      ("auto:1/1-4 0", "'cpu-map' : PROC/THREAD range and CPU sets must have the same size to be automatically bound"),
      ("1/1 x", "'cpu-map' : 'x' is not a CPU range."),
      ("1/1 1024", "'cpu-map' : supports CPU numbers from 0 to 1023."),
      // HAProxy reads '0,1' as CPU 0; Fulcrum asks for what was meant.
      ("1/1 0,1", "'cpu-map' : '0,1' is not a CPU range; write one CPU or range per word ('0 2' or '0-3')"),
      (
        "auto:1-2/1-2 0-1",
        "'cpu-map auto:1-2/1-2 0-1' : 'auto:' takes a range of processes or of threads, not both; write 'auto:1/<threads> <cpus>'"
      ),
    ]
    for (arguments, message) in cases {
      #expect(load("  cpu-map \(arguments)").alertTexts == ["parsing [t.cfg:3] : \(message)"], "\(arguments)")
    }
  }
}
