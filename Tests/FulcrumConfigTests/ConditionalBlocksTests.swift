import FulcrumConfig
import Testing

@Suite struct ConditionalBlocksTests {
  /// Drives a `ConditionalBlocks` from a little script, one directive per step, and records
  /// which conditions were evaluated.
  private struct Driver {
    var blocks = ConditionalBlocks()
    var evaluated: [Int] = []
    var errors: [ConditionalBlockError] = []
    var line = 0

    mutating func step(_ directive: ConditionalBlocks.Directive, _ value: Bool = true) {
      step(directive, result: .success(value))
    }

    mutating func step(_ directive: ConditionalBlocks.Directive, result: Result<Bool, ConditionError>) {
      line += 1
      let current = line
      var called = false
      let error = blocks.apply(directive, at: ConditionalBlocksTests.location(current)) {
        called = true
        return result
      }
      if called { evaluated.append(current) }
      if let error { errors.append(error) }
    }
  }

  // `Testing` has its own `SourceLocation`, hence the module prefix.
  private static func location(_ line: Int) -> FulcrumConfig.SourceLocation {
    FulcrumConfig.SourceLocation(file: "a.cfg", line: line)
  }

  private func location(_ line: Int) -> FulcrumConfig.SourceLocation { Self.location(line) }

  @Test func startsActiveAtDepthZero() {
    let blocks = ConditionalBlocks()
    #expect(blocks.isActive)
    #expect(blocks.depth == 0)
    #expect(blocks.unclosedBlocks().isEmpty)
  }

  @Test func ifElseEndif() {
    var driver = Driver()
    driver.step(.ifCondition, false)
    #expect(!driver.blocks.isActive)
    #expect(driver.blocks.depth == 1)
    driver.step(.elseBranch)
    #expect(driver.blocks.isActive)
    driver.step(.endif)
    #expect(driver.blocks.isActive)
    #expect(driver.blocks.depth == 0)
    #expect(driver.errors.isEmpty)
  }

  @Test func chainTakesOnlyTheFirstTrueBranchAndStopsEvaluating() {
    var driver = Driver()
    driver.step(.ifCondition, false)  // 1
    #expect(!driver.blocks.isActive)
    driver.step(.elifCondition, false)  // 2
    #expect(!driver.blocks.isActive)
    driver.step(.elifCondition, true)  // 3
    #expect(driver.blocks.isActive)
    driver.step(.elifCondition, true)  // 4: not evaluated, a branch was taken
    #expect(!driver.blocks.isActive)
    driver.step(.elseBranch)  // 5
    #expect(!driver.blocks.isActive)
    driver.step(.endif)  // 6
    #expect(driver.blocks.isActive)
    #expect(driver.evaluated == [1, 2, 3])
    #expect(driver.errors.isEmpty)
  }

  /// The manual's example: A=1, B=0, C=0, D=1 takes the `.warning` branch only.
  @Test func nestedChainsFromTheManual() {
    var driver = Driver()
    var active: [Bool] = []
    driver.step(.ifCondition, true)  // .if A
    driver.step(.ifCondition, false)  // .if B
    active.append(driver.blocks.isActive)
    driver.step(.elifCondition, false)  // .elif C
    active.append(driver.blocks.isActive)
    driver.step(.elifCondition, true)  // .elif D
    active.append(driver.blocks.isActive)
    driver.step(.elseBranch)
    active.append(driver.blocks.isActive)
    driver.step(.endif)
    #expect(driver.blocks.isActive && driver.blocks.depth == 1)
    driver.step(.elseBranch)  // outer .else
    active.append(driver.blocks.isActive)
    driver.step(.endif)
    #expect(active == [false, false, true, false, false])
    #expect(driver.blocks.depth == 0 && driver.blocks.isActive)
    #expect(driver.errors.isEmpty)
  }

  @Test func conditionsInsideInactiveBlocksAreNotEvaluated() {
    var driver = Driver()
    driver.step(.ifCondition, false)  // 1
    driver.step(.ifCondition, true)  // 2: enclosing inactive
    #expect(!driver.blocks.isActive)
    driver.step(.elifCondition, true)  // 3
    #expect(!driver.blocks.isActive)
    driver.step(.elseBranch)  // 4: still inactive, its enclosing block is
    #expect(!driver.blocks.isActive)
    driver.step(.endif)  // 5
    driver.step(.elseBranch)  // 6
    #expect(driver.blocks.isActive)
    driver.step(.ifCondition, true)  // 7: enclosing active again
    #expect(driver.blocks.isActive && driver.blocks.depth == 2)
    driver.step(.endif)
    driver.step(.endif)
    #expect(driver.evaluated == [1, 7])
    #expect(driver.errors.isEmpty)
  }

  @Test func loneDirectives() {
    var driver = Driver()
    driver.step(.elifCondition, true)
    driver.step(.elseBranch)
    driver.step(.endif)
    #expect(driver.errors == [.loneElif(at: location(1)), .loneElse(at: location(2)), .loneEndif(at: location(3))])
    #expect(driver.evaluated.isEmpty)
    #expect(driver.blocks.isActive && driver.blocks.depth == 0)
    #expect(driver.errors[0].description.hasPrefix("lone '.elif' with no matching '.if'"))
  }

  @Test func elifAfterElse() {
    var driver = Driver()
    driver.step(.ifCondition, false)  // 1
    driver.step(.elseBranch)  // 2
    driver.step(.elifCondition, true)  // 3
    #expect(driver.errors == [.elifAfterElse(at: location(3), elseAt: location(2))])
    #expect(driver.evaluated == [1])
    // The misplaced `.elif` changes nothing: the `.else` branch stays taken.
    #expect(driver.blocks.isActive && driver.blocks.depth == 1)
    #expect(
      driver.errors[0].description == "'.elif' after '.else' is not permitted: move it before the '.else' at a.cfg:2.")
  }

  @Test func secondElse() {
    var driver = Driver()
    driver.step(.ifCondition, true)
    driver.step(.elseBranch)
    driver.step(.elseBranch)
    #expect(driver.errors == [.elseAfterElse(at: location(3), elseAt: location(2))])
    #expect(!driver.blocks.isActive)
  }

  @Test func unclosedIfsAreReportedWhereTheyWereOpened() {
    var driver = Driver()
    driver.step(.ifCondition, true)  // 1
    driver.step(.ifCondition, false)  // 2
    driver.step(.endif)  // 3
    driver.step(.ifCondition, false)  // 4
    #expect(driver.blocks.unclosedBlocks() == [.unclosedIf(openedAt: location(1)), .unclosedIf(openedAt: location(4))])
    #expect(driver.blocks.unclosedBlocks().map(\.location) == [location(1), location(4)])
    #expect(
      driver.blocks.unclosedBlocks()[0].description
        == "non-terminated '.if' block opened at a.cfg:1: add the matching '.endif' before the end of the file "
        + "(a block cannot span files).")
  }

  @Test func invalidConditionSkipsTheWholeBlockWithoutCascading() {
    let bad = ConditionError(.unknownPredicate("nope"), expression: "nope(1)", position: 1)
    var driver = Driver()
    driver.step(.ifCondition, result: .failure(bad))  // 1
    #expect(!driver.blocks.isActive && driver.blocks.depth == 1)
    driver.step(.elifCondition, true)  // 2: not evaluated
    driver.step(.elseBranch)  // 3
    #expect(!driver.blocks.isActive)
    driver.step(.endif)  // 4
    #expect(driver.blocks.isActive && driver.blocks.depth == 0)
    #expect(driver.errors == [.invalidCondition(bad, directive: .ifCondition, at: location(1))])
    #expect(driver.evaluated == [1])
    #expect(driver.errors[0].description == "invalid '.if' condition: \(bad)")

    var elif = Driver()
    elif.step(.ifCondition, false)
    elif.step(.elifCondition, result: .failure(bad))
    elif.step(.elseBranch)
    #expect(!elif.blocks.isActive)
    #expect(elif.errors == [.invalidCondition(bad, directive: .elifCondition, at: location(2))])
  }

  @Test func nestingIsLimited() {
    var driver = Driver()
    for _ in 0..<ConditionalBlocks.maxDepth {
      driver.step(.ifCondition, true)
    }
    #expect(driver.errors.isEmpty && driver.blocks.isActive)
    driver.step(.ifCondition, true)
    let tooDeep = ConditionalBlocks.maxDepth + 1
    #expect(driver.errors == [.tooDeeplyNested(at: location(tooDeep), limit: ConditionalBlocks.maxDepth)])
    #expect(driver.evaluated.count == ConditionalBlocks.maxDepth)
    // The refused level still pairs with its `.endif`.
    #expect(!driver.blocks.isActive)
    driver.step(.endif)
    #expect(driver.blocks.isActive && driver.blocks.depth == ConditionalBlocks.maxDepth)
  }

  @Test func directivesPrintAsWritten() {
    let all: [ConditionalBlocks.Directive] = [.ifCondition, .elifCondition, .elseBranch, .endif]
    #expect(all.map(\.description) == [".if", ".elif", ".else", ".endif"])
  }
}
