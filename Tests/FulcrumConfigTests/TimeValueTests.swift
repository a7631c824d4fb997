import FulcrumConfig
import Testing

@Suite struct TimeValueTests {
  private func ms(_ text: String, unit: TimeValue.Unit = .milliseconds) throws -> Int {
    try TimeValue.parse(text, keyword: "timeout connect", defaultUnit: unit).milliseconds
  }

  private func failure(_ text: String, unit: TimeValue.Unit = .milliseconds) -> ValueError? {
    #expect(throws: ValueError.self) {
      try TimeValue.parse(text, keyword: "timeout connect", defaultUnit: unit)
    }
  }

  @Test(arguments: [
    ("10s", 10_000), ("5000", 5000), ("5000ms", 5000), ("1m", 60_000), ("2h", 7_200_000), ("1d", 86_400_000),
    ("0", 0), ("0s", 0), ("0us", 0), ("007", 7),
  ])
  func everyUnit(text: String, expected: Int) throws {
    #expect(try ms(text) == expected)
  }

  @Test func microsecondsRoundUpToWholeMilliseconds() throws {
    #expect(try ms("250us") == 1)
    #expect(try ms("1000us") == 1)
    #expect(try ms("1001us") == 2)
  }

  @Test func largestValueIsAcceptedAndOneMoreIsNot() throws {
    #expect(try ms("2147483647") == 2_147_483_647)
    #expect(try ms("2147483647ms") == 2_147_483_647)
    #expect(try ms("2147483647000us") == 2_147_483_647)
    #expect(try ms("24d") == 2_073_600_000)
    let error = failure("2147483648")
    #expect(
      error?.message
        == "invalid time '2147483648' for 'timeout connect': larger than the maximum of 2147483647 ms (~24.8 days)")
    #expect(error?.hint == "write at most '2147483647'")
    #expect(failure("2147483647001us") != nil)
  }

  @Test func overflowSuggestsTheLargestValueInTheSameUnit() {
    let error = failure("25d")
    #expect(error?.message.contains("larger than the maximum of 2147483647 ms (~24.8 days)") == true)
    #expect(error?.hint == "write at most '24d'")
    #expect(failure("100d")?.hint == "write at most '24d'")
    #expect(failure("99999999999999999999")?.hint == "write at most '2147483647'")
    #expect(failure("9999999999999999999d")?.hint == "write at most '24d'")
  }

  @Test func decimalsAreRejectedWithTheWholeNumberToWrite() {
    let error = failure("1.5s")
    #expect(error?.message == "invalid time '1.5s' for 'timeout connect': decimals are not allowed")
    #expect(error?.hint == "write '1500ms' instead")
    #expect(failure("1.5m")?.hint == "write '90s' instead")
    #expect(failure("0.25d")?.hint == "write '6h' instead")
    #expect(failure("1.5")?.hint == "write '1500us' instead")
    #expect(failure("1.5us")?.hint?.hasPrefix("write an integer") == true)
  }

  @Test func garbageIsRejectedNamingTheCharacter() {
    let error = failure("5x")
    #expect(error?.message == "invalid time '5x' for 'timeout connect': unexpected character 'x'")
    #expect(
      error?.hint
        == "write an integer with an optional unit: us, ms, s, m, h or d (without a unit: ms), e.g. '5s'")
    #expect(failure("1sx")?.message.hasSuffix("unexpected character 'x' after the unit 's'") == true)
    #expect(failure("5msx")?.message.hasSuffix("unexpected character 'x' after the unit 'ms'") == true)
    #expect(failure(".5s")?.message.hasSuffix("unexpected character '.'") == true)
    #expect(failure("5 s")?.message.hasSuffix("unexpected character ' '") == true)
  }

  @Test func signsAreRejected() {
    #expect(failure("-1")?.message == "invalid time '-1' for 'timeout connect': a time cannot be negative")
    let plus = failure("+5")
    #expect(plus?.message == "invalid time '+5' for 'timeout connect': unexpected character '+'")
    #expect(plus?.hint == "write '5' without the sign")
  }

  @Test func emptyAndUnitOnlyAreRejected() {
    let empty = failure("")
    #expect(empty?.message == "missing time for 'timeout connect'")
    #expect(empty?.hint?.contains("e.g. '5s'") == true)
    let unitOnly = failure("s")
    #expect(unitOnly?.message == "invalid time 's' for 'timeout connect': the number is missing")
    #expect(unitOnly?.hint == "write a number before the unit, e.g. '5s'")
  }

  @Test func unitsAreLowerCase() {
    let error = failure("10S")
    #expect(error?.message == "invalid time '10S' for 'timeout connect': unknown unit 'S'")
    #expect(error?.hint == "units are lower case: write '10s'")
    #expect(failure("10Ms")?.hint == "units are lower case: write '10ms'")
    #expect(failure("10US")?.hint == "units are lower case: write '10us'")
  }

  @Test func keywordsCountedInSecondsRoundUpAndAllowLongerTimes() throws {
    #expect(try ms("30", unit: .seconds) == 30_000)
    #expect(try ms("1500ms", unit: .seconds) == 2000)
    #expect(try ms("1us", unit: .seconds) == 1000)
    #expect(try ms("30d", unit: .seconds) == 2_592_000_000)
    #expect(try ms("2147483647", unit: .seconds) == 2_147_483_647_000)
    let error = failure("70000d", unit: .seconds)
    #expect(error?.message.hasSuffix("larger than the maximum of 2147483647 s (~68 years)") == true)
    #expect(error?.hint == "write at most '24855d'")
    #expect(failure("", unit: .seconds)?.hint?.contains("(without a unit: s)") == true)
  }

  @Test func defaultUnitOfMinutesCountsBareNumbersInMinutes() throws {
    #expect(try ms("2", unit: .minutes) == 120_000)
    #expect(try ms("61s", unit: .minutes) == 120_000)
    #expect(try ms("5", unit: .microseconds) == 1)
    #expect(try ms("1", unit: .days) == 86_400_000)
    #expect(try ms("36h", unit: .days) == 172_800_000)
    #expect(try ms("24855d", unit: .days) == 24855 * 86_400_000)
  }

  @Test func descriptionUsesTheLargestExactUnit() {
    #expect(TimeValue(milliseconds: 10_000).description == "10s")
    #expect(TimeValue(milliseconds: 1500).description == "1500ms")
    #expect(TimeValue(milliseconds: 90_000).description == "90s")
    #expect(TimeValue(milliseconds: 7_200_000).description == "2h")
    #expect(TimeValue(milliseconds: 86_400_000).description == "1d")
    #expect(TimeValue.zero.description == "0")
  }

  @Test func descriptionParsesBackToTheSameValue() throws {
    for milliseconds in [0, 1, 999, 1000, 60_000, 3_600_000, 86_400_000, 2_147_483_647] {
      let value = TimeValue(milliseconds: milliseconds)
      #expect(try TimeValue.parse(value.description, keyword: "k") == value)
    }
  }

  @Test func comparesAndConvertsToDuration() {
    #expect(TimeValue(milliseconds: 5) < TimeValue(milliseconds: 6))
    #expect(TimeValue(milliseconds: 1500).duration == .milliseconds(1500))
  }
}
