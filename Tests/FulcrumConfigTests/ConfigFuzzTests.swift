import Foundation
import FulcrumConfig
import FulcrumTestSupport
import Testing

/// Mutates the corpus (random bytes, truncation, duplicated and dropped lines) for a bounded
/// number of iterations with a fixed seed, and checks that loading never crashes or hangs
/// and that every rejection says why.
@Suite struct ConfigFuzzTests {
  static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
    var bytes = bytes
    guard !bytes.isEmpty else { return bytes }
    switch random.next() % 4 {
    case 0:
      for _ in 0..<(1 + Int(random.next() % 8)) {
        bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
      }
    case 1:
      bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
    case 2:
      var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      let index = Int(random.next() % UInt64(lines.count))
      lines.insert(lines[index], at: index)
      bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    default:
      var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      lines.remove(at: Int(random.next() % UInt64(lines.count)))
      bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
    return bytes
  }

  @Test func mutatedFixturesNeverCrashAndRejectionsSayWhy() throws {
    var random = SplitMix64(seed: 0xF17C_0001)
    let loader = ConfigLoader(environment: [:], resolver: FixtureCorpusTests.resolver)
    var rejected = 0
    for fixture in FixtureCorpusTests.fixtures {
      let original = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.path)))
      for _ in 0..<25 {
        let mutated = Self.mutate(original, using: &random)
        let result = loader.load(text: String(decoding: mutated, as: UTF8.self), file: "fuzz.cfg")
        if !result.isValid() {
          rejected += 1
          #expect(!result.diagnostics.alerts.isEmpty)
          #expect(result.diagnostics.alerts.allSatisfy { !$0.message.isEmpty })
        }
      }
    }
    #expect(rejected > 0)
  }
}
