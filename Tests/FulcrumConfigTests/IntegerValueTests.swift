import FulcrumConfig
import Testing

@Suite struct IntegerValueTests {
  private func weight(_ text: String) throws(ValueError) -> Int {
    try IntegerValue.parse(text, keyword: "weight", in: 0...256)
  }

  @Test func acceptsTheWholeRange() throws {
    #expect(try weight("0") == 0)
    #expect(try weight("256") == 256)
    #expect(try weight("+5") == 5)
    #expect(try weight("010") == 10)
  }

  @Test func outOfRangeNamesTheKeywordAndTheRange() {
    let error = #expect(throws: ValueError.self) { try weight("300") }
    #expect(error?.message == "invalid value '300' for 'weight': out of range")
    #expect(error?.hint == "write an integer from 0 to 256")
    #expect(error?.description == "invalid value '300' for 'weight': out of range; write an integer from 0 to 256")
    #expect(throws: ValueError.self) { try weight("-1") }
  }

  @Test(arguments: ["abc", "10x", "1.5", "--1", "+", "1 0", " 1"])
  func nonIntegersAreRejected(text: String) {
    let error = #expect(throws: ValueError.self) { try weight(text) }
    #expect(error?.message == "invalid value '\(text)' for 'weight': not an integer")
  }

  @Test func emptyIsRejected() {
    let error = #expect(throws: ValueError.self) { try weight("") }
    #expect(error?.message == "missing value for 'weight'")
  }

  @Test func lowerBoundOnly() throws {
    #expect(try IntegerValue.parse("1", keyword: "rise", in: 1...) == 1)
    #expect(try IntegerValue.parse("9223372036854775807", keyword: "rise", in: 1...) == Int.max)
    let zero = #expect(throws: ValueError.self) { try IntegerValue.parse("0", keyword: "rise", in: 1...) }
    #expect(zero?.description == "invalid value '0' for 'rise': out of range; write an integer of at least 1")
    let huge = #expect(throws: ValueError.self) {
      try IntegerValue.parse("99999999999999999999", keyword: "rise", in: 1...)
    }
    #expect(huge?.message == "invalid value '99999999999999999999' for 'rise': out of range")
  }

  @Test func negativeRanges() throws {
    #expect(try IntegerValue.parse("-5", keyword: "k", in: -10...10) == -5)
  }
}
