import FulcrumConfig
import Testing

@Suite struct SizeValueTests {
  private func bytes(_ text: String, maximum: Int = SizeValue.defaultMaximum) throws -> Int {
    try SizeValue.parse(text, keyword: "tune.bufsize", maximum: maximum).bytes
  }

  private func failure(_ text: String, maximum: Int = SizeValue.defaultMaximum) -> ValueError? {
    #expect(throws: ValueError.self) { try SizeValue.parse(text, keyword: "tune.bufsize", maximum: maximum) }
  }

  @Test(arguments: [
    ("0", 0), ("100", 100), ("16k", 16_384), ("16K", 16_384), ("1m", 1_048_576), ("1M", 1_048_576),
    ("1g", 1_073_741_824), ("3G", 3_221_225_472), ("0k", 0), ("0016k", 16_384),
  ])
  func everyUnitInEitherCase(text: String, expected: Int) throws {
    #expect(try bytes(text) == expected)
  }

  @Test func largestValueIsAcceptedAndOneMoreIsNot() throws {
    #expect(try bytes("4294967295") == 4_294_967_295)
    let error = failure("4294967296")
    #expect(
      error?.message == "invalid size '4294967296' for 'tune.bufsize': larger than the maximum of 4294967295 bytes")
    #expect(error?.hint == "write at most '4294967295'")
    #expect(failure("4g")?.hint == "write at most '3g'")
    #expect(failure("4194304k")?.hint == "write at most '4194303k'")
    #expect(failure("99999999999999999999")?.message.contains("larger than the maximum") == true)
  }

  @Test func keywordMaximumIsHonoured() throws {
    #expect(try bytes("1m", maximum: 1 << 20) == 1 << 20)
    let error = failure("2m", maximum: 1 << 20)
    #expect(error?.message.hasSuffix("larger than the maximum of 1048576 bytes") == true)
    #expect(error?.hint == "write at most '1m'")
  }

  @Test func decimalsAreRejectedWithTheWholeNumberToWrite() {
    let error = failure("1.5m")
    #expect(error?.message == "invalid size '1.5m' for 'tune.bufsize': decimals are not allowed")
    #expect(error?.hint == "write '1536k' instead")
    #expect(failure("1.5k")?.hint == "write '1536' instead")
    #expect(failure("0.5G")?.hint == "write '512m' instead")
    #expect(failure("1.5")?.hint?.hasPrefix("write an integer") == true)
  }

  @Test func garbageIsRejectedNamingTheCharacter() {
    let error = failure("1t")
    #expect(error?.message == "invalid size '1t' for 'tune.bufsize': unexpected character 't'")
    #expect(
      error?.hint == "write an integer with an optional unit: k, m or g (1024, 1048576 or 1073741824 bytes), e.g. '16k'"
    )
    #expect(failure("1kb")?.message.hasSuffix("unexpected character 'b' after the unit 'k'") == true)
    #expect(failure("1Mo")?.message.hasSuffix("unexpected character 'o' after the unit 'M'") == true)
    #expect(failure("k")?.message.hasSuffix("unexpected character 'k'") == true)
    #expect(failure("-1")?.message.hasSuffix("a size cannot be negative") == true)
    #expect(failure("+1")?.message.hasSuffix("unexpected character '+'") == true)
    #expect(failure("")?.message == "missing size for 'tune.bufsize'")
  }

  @Test func descriptionUsesTheLargestExactUnit() throws {
    #expect(SizeValue(bytes: 16_384).description == "16k")
    #expect(SizeValue(bytes: 1_073_741_824).description == "1g")
    #expect(SizeValue(bytes: 1_572_864).description == "1536k")
    #expect(SizeValue(bytes: 1000).description == "1000")
    #expect(SizeValue(bytes: 0).description == "0")
    for value in [0, 1, 1024, 1025, 1 << 20, 3 << 30] {
      #expect(try bytes(SizeValue(bytes: value).description) == value)
    }
  }
}
