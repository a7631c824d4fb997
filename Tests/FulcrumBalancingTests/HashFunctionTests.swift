import FulcrumBalancing
import Testing

/// Reference values computed from each function's definition (a separate Python rendering; CRC-32
/// from zlib), and through the balancing known answers, checked against HAProxy itself.
@Suite struct HashFunctionTests {
  static let inputs: [[UInt8]] = [
    [], Array("a".utf8), Array("abc".utf8), Array("/index.html".utf8),
    Array("The quick brown fox jumps over the lazy dog".utf8), (0...255).map { UInt8($0) },
  ]

  @Test func sdbm() {
    let expected: [UInt32] = [0x0, 0x61, 0x3025_f862, 0x3324_2976, 0x8ca7_7173, 0x35fc_0080]
    #expect(Self.inputs.map { HashFunction.sdbm.hash($0.span) } == expected)
  }

  @Test func djb2() {
    let expected: [UInt32] = [0x1505, 0x2_b606, 0xb88_5c8b, 0xe114_b9cf, 0x34cc_38de, 0x9a5b_9485]
    #expect(Self.inputs.map { HashFunction.djb2.hash($0.span) } == expected)
  }

  @Test func wt6() {
    let expected: [UInt32] = [0xf99a_0360, 0x714b_f225, 0x9400_28e8, 0x3101_077e, 0xe4e7_b045, 0xf3cc_aeb7]
    #expect(Self.inputs.map { HashFunction.wt6.hash($0.span) } == expected)
  }

  @Test func crc32() {
    let expected: [UInt32] = [0x0, 0xe8b7_be43, 0x3524_41c2, 0xea22_4b42, 0x414f_a339, 0x2905_8c73]
    #expect(Self.inputs.map { HashFunction.crc32.hash($0.span) } == expected)
  }

  @Test func avalanche() {
    #expect(HashFunction.avalanche(0) == 0xab4e_d927)
    #expect(HashFunction.avalanche(1) == 0x3486_81b6)
    #expect(HashFunction.avalanche(42) == 0xc343_bb70)
    #expect(HashFunction.avalanche(0xffff_ffff) == 0x7e64_c182)
    #expect(HashFunction.avalanche(4096) == 0x49c2_008b)
  }

  /// `none` reads the key as a decimal integer, as HAProxy's `read_int64` does.
  @Test func noneReadsAnInteger() {
    func none(_ text: String) -> UInt32 { HashFunction.none.hash(Array(text.utf8).span) }
    #expect(none("1234") == 1234)
    #expect(none("42abc") == 42)
    #expect(none("+7") == 7)
    #expect(none("-1") == 0xffff_ffff)
    #expect(none("4294967297") == 1)
    #expect(none("") == 0)
    #expect(none("abc") == 0)
    #expect(none("99999999999999999999999") == UInt32(truncatingIfNeeded: Int64.max))
    #expect(none("-99999999999999999999999") == UInt32(truncatingIfNeeded: Int64.min))
  }

  @Test func settingsDefaultAsHAProxy() {
    #expect(HashSettings() == HashSettings(method: .mapBased, function: .sdbm, avalanche: false))
    let consistent = HashSettings(method: .consistent)
    #expect(consistent.function == .sdbm && consistent.avalanche)
    #expect(!HashSettings(method: .consistent, function: .djb2).avalanche)
    #expect(HashSettings(method: .consistent, function: .djb2, avalanche: true).avalanche)
    let key = Array("/index.html".utf8)
    #expect(consistent.hash(key.span) == HashFunction.avalanche(0x3324_2976))
    #expect(HashSettings().weighting == .static)
    #expect(consistent.weighting == .dynamic)
  }
}
