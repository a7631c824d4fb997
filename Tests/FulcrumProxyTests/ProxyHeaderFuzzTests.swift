import FulcrumProxy
import FulcrumTestSupport
import Testing

/// Random bytes and mutated valid PROXY headers, with a fixed seed so a failure reproduces: the
/// parser never crashes, a complete header lies within the bytes, an error points inside them,
/// and feeding the bytes in random pieces gives the same answer as all at once.
@Suite struct ProxyHeaderFuzzTests {
  static let interesting: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x2E, 0x3A, 0x30, 0x39, 0x11, 0x21, 0x31, 0xFF]

  static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + Int(random.next() % 3)) {
      guard !bytes.isEmpty else { return bytes }
      let at = Int(random.next() % UInt64(bytes.count))
      let byte =
        random.next() % 2 == 0
        ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: random.next())
      switch random.next() % 4 {
      case 0: bytes[at] = byte
      case 1: bytes.insert(byte, at: at)
      case 2: bytes.remove(at: at)
      default: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
      }
    }
    return bytes
  }

  static func check(_ bytes: [UInt8], _ random: inout SplitMix64) {
    var parser = ProxyHeaderParser()
    let whole = parser.parse(bytes.span)
    switch whole {
    case .needMoreBytes:
      #expect(bytes.count < ProxyHeaderParser.defaultMaximumLength)
    case .complete(_, let length):
      #expect(length >= 15 && length <= bytes.count)
    case .invalid(let error):
      #expect(error.offset >= 0 && error.offset <= bytes.count)
    }
    // In pieces: each prefix either needs more, or already has the final answer.
    var pieces = ProxyHeaderParser()
    var end = 0
    var answer = ProxyHeaderParseResult.needMoreBytes
    while end < bytes.count, answer == .needMoreBytes {
      end = min(bytes.count, end + 1 + Int(random.next() % 12))
      let prefix = Array(bytes[..<end])
      answer = pieces.parse(prefix.span)
    }
    #expect(answer == whole, "\(bytes)")
  }

  @Test func randomBytes() {
    var random = SplitMix64(seed: 0x5EED_0008)
    for _ in 0..<20000 {
      let count = Int(random.next() % 64)
      var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      // Start most inputs like a header so the fuzz gets past the first byte.
      switch random.next() % 3 {
      case 0: bytes = Array("PROXY ".utf8) + bytes
      case 1: bytes = ProxyHeader.version2Signature + bytes
      default: break
      }
      Self.check(bytes, &random)
    }
  }

  @Test func mutatedHeaders() {
    var random = SplitMix64(seed: 0x5EED_0009)
    let corpus = ProxyHeaderParserTests.examples.map(\.bytes)
    for _ in 0..<20000 {
      let base =
        random.next() % 2 == 0
        ? corpus[Int(random.next() % UInt64(corpus.count))]
        : ProxyHeaderEncodingTests.encoded(ProxyHeaderEncodingTests.randomHeader(&random))
      Self.check(Self.mutate(base, &random) + Array("payload".utf8), &random)
    }
  }
}
