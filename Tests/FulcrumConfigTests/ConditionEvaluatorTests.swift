import FulcrumConfig
import FulcrumCore
import Testing

@Suite struct ConditionEvaluatorTests {
  let evaluator = ConditionEvaluator(
    environment: ConfigEnvironment(["HOME": "/root", "EMPTY": "", "ENABLE_SSL": "1"]),
    features: ["EPOLL", "THREAD"], enabledOptions: ["EPOLL"], version: "2.6.12")

  private func value(_ expression: String, _ evaluator: ConditionEvaluator? = nil) -> Bool? {
    try? (evaluator ?? self.evaluator).evaluate(expression).get()
  }

  private func error(_ expression: String) -> ConditionError? {
    if case .failure(let error) = evaluator.evaluate(expression) { return error }
    return nil
  }

  private func reason(_ expression: String) -> ConditionError.Reason? { error(expression)?.reason }

  @Test func emptyIsFalseButBlanksAloneAreAnError() {
    #expect(value("") == false)
    #expect(error(" ") == ConditionError(.expectedCondition, expression: " ", position: 2))
  }

  @Test func integersAreTrueUnlessZero() {
    for text in ["1", "2", "-1", "+1", "01", "0x10", " 1", "1 ", "99999999999999999999999"] {
      #expect(value(text) == true, "\(text)")
    }
    for text in ["0", "00", "-0", "0x0"] {
      #expect(value(text) == false, "\(text)")
    }
    #expect(error("1a") == ConditionError(.unexpectedCharacter("a"), expression: "1a", position: 2))
    #expect(reason("- 1") == .expectedCondition)
  }

  @Test func andBindsTighterThanOr() {
    #expect(value("1 || 0 && 0") == true)
    #expect(value("0 && 1 || 1") == true)
    #expect(value("0 || 1 && 0") == false)
    #expect(value("(1 || 0) && 0") == false)
    #expect(value("1&&0") == false)
    #expect(value("1||0") == true)
    #expect(value("0 || 0 || 1") == true)
    #expect(value("1 && 1 && 0") == false)
  }

  @Test func negation() {
    #expect(value("!1") == false)
    #expect(value("!0") == true)
    #expect(value("!!1") == true)
    #expect(value("! 1") == false)
    #expect(value("!(0)") == true)
    #expect(value("1&& !0") == true)
    #expect(value("!defined(NOPE) && !feature(OPENSSL)") == true)
    #expect(error("!") == ConditionError(.expectedCondition, expression: "!", position: 2))
  }

  @Test func nestedParentheses() {
    #expect(value("((1))") == true)
    #expect(value(" ( 1 ) ") == true)
    #expect(value("!((0 || (1 && !0)))") == false)
    #expect(value("(0 || (defined(HOME) && (feature(EPOLL))))") == true)
    #expect(error("(1") == ConditionError(.missingClosingParenthesis(openedAt: 1), expression: "(1", position: 3))
    #expect(error("((1)") == ConditionError(.missingClosingParenthesis(openedAt: 1), expression: "((1)", position: 5))
    #expect(error("1)") == ConditionError(.unexpectedCharacter(")"), expression: "1)", position: 2))
    #expect(error("1)")?.description.hasPrefix("unmatched ')' at position 2") == true)
    #expect(reason("()") == .expectedCondition)
  }

  @Test func malformedOperators() {
    #expect(error("1 &&") == ConditionError(.expectedCondition, expression: "1 &&", position: 5))
    #expect(error("&& 1") == ConditionError(.expectedCondition, expression: "&& 1", position: 1))
    #expect(error("1 & 0") == ConditionError(.unexpectedCharacter("&"), expression: "1 & 0", position: 3))
    #expect(error("1 | 0") == ConditionError(.unexpectedCharacter("|"), expression: "1 | 0", position: 3))
    #expect(error("1 &&& 0") == ConditionError(.expectedCondition, expression: "1 &&& 0", position: 5))
    #expect(error("1 1") == ConditionError(.unexpectedCharacter("1"), expression: "1 1", position: 3))
    #expect(error("1 || (") == ConditionError(.expectedCondition, expression: "1 || (", position: 7))
  }

  @Test func definedTestsExistenceEvenIfEmpty() {
    #expect(value("defined(HOME)") == true)
    #expect(value("defined(EMPTY)") == true)
    #expect(value("defined(NOPE)") == false)
    // Spaces are part of the name: this asks for " HOME ".
    #expect(value("defined( HOME )") == false)
  }

  @Test func featureAndEnabledAreCaseSensitiveListLookups() {
    #expect(value("feature(EPOLL)") == true)
    #expect(value("feature(epoll)") == false)
    #expect(value("feature(OPENSSL)") == false)
    #expect(value("enabled(EPOLL)") == true)
    #expect(value("enabled(THREAD)") == false)
  }

  @Test func defaultsComeFromTheBuild() {
    let build = ConditionEvaluator(environment: ConfigEnvironment([:]))
    #expect(value("feature(OPENSSL)", build) == false)
    #expect(value("feature(EPOLL)", build) == FulcrumBuild.features.contains("EPOLL"))
    #expect(value("enabled(REUSEPORT)", build) == FulcrumBuild.enabledOptions.contains("REUSEPORT"))
    #expect(value("version_atleast(2.6) && version_before(2.7)", build) == true)
  }

  @Test func stringPredicates() {
    #expect(value("streq(a,a)") == true)
    #expect(value("streq(a,b)") == false)
    #expect(value("streq(,)") == true)
    #expect(value("strneq(a,b)") == true)
    #expect(value("strneq(,)") == false)
    #expect(value("strstr(abc,b)") == true)
    #expect(value("strstr(abc,d)") == false)
    #expect(value("strstr(abc,)") == true)
    #expect(value("strstr(b,abc)") == false)
    // Byte comparison, as C's strcmp: canonically equivalent spellings differ.
    #expect(value("streq(\u{E9},e\u{301})") == false)
  }

  /// The manual's pitfall: words are joined with one space, which then belongs to the argument.
  @Test func spacesAfterCommasArePartOfTheArgument() {
    #expect(value("streq(0, 1)") == false)
    #expect(value("streq(1, 1)") == false)
    #expect(value("streq(a, a)") == false)
    #expect(value("streq( a,a)") == false)
    #expect(value("streq( a, a)") == true)
    #expect(value("streq(a b,a b)") == true)
  }

  @Test func directiveWordsJoinedBySpacesAsTheReaderDoes() throws {
    let context = TokenizerContext(environment: evaluator.environment, file: "a.cfg", line: 1, section: "global")
    func condition(_ line: String) throws -> Bool {
      let words = try LineTokenizer.tokenize(line[...], context: context).get().words
      return try evaluator.evaluate(words.dropFirst().joined(separator: " ")).get()
    }
    #expect(try condition(#".if streq("$ENABLE_SSL",     1)"#) == false)
    #expect(try condition(#".if streq("$ENABLE_SSL",1)  # comment"#) == true)
    #expect(try condition(#".if feature(EPOLL) && (streq("$ENABLE_SSL",yes) || defined(HOME))"#) == true)
    #expect(try condition(".if") == false)
  }

  @Test func argumentsCanBeQuotedAtTheSecondLevel() {
    #expect(value(#"streq("a,b","a,b")"#) == true)
    #expect(value(#"streq('a)',"a)")"#) == true)
    #expect(value(#"streq("a"b,ab)"#) == true)
    #expect(value(#"streq("a\"b",'a"b')"#) == true)
    #expect(value(#"streq(a\\b,a\b)"#) == true)
    #expect(value(#"streq('\n',"\n")"#) == false)
    #expect(
      error(#"streq("a,b)"#)
        == ConditionError(.unmatchedQuote(predicate: "streq"), expression: #"streq("a,b)"#, position: 7))
    #expect(
      error("streq(a,b")
        == ConditionError(.unterminatedArguments(predicate: "streq"), expression: "streq(a,b", position: 6))
  }

  @Test func versionComparisons() {
    #expect(value("version_atleast(2.6)") == true)
    #expect(value("version_atleast(2.6.12)") == true)
    #expect(value("version_atleast(2.6.13)") == false)
    #expect(value("version_atleast(2.7)") == false)
    #expect(value("version_atleast(3)") == false)
    #expect(value("version_atleast(2.6.12.0)") == true)
    #expect(value("version_atleast(2.6.12.1)") == false)
    #expect(value("version_before(2.7)") == true)
    #expect(value("version_before(2.6)") == false)
    #expect(value("version_before(2.6.12)") == false)
    // A development, pre-release or release-candidate suffix sorts before the release.
    #expect(value("version_atleast(2.4-dev19)") == true)
    #expect(value("version_atleast(2.6.12-dev1)") == true)
    #expect(value("version_atleast(2.6.12-pre2)") == true)
    #expect(value("version_atleast(2.6.12-rc1)") == true)
    #expect(value("version_before(2.6.13-dev1)") == true)
    // A package revision sorts after it; a build tag is ignored.
    #expect(value("version_atleast(2.6.12-1)") == false)
    #expect(value("version_atleast(2.6.12+deb)") == true)
    let packaged = ConditionEvaluator(environment: ConfigEnvironment([:]), version: "2.6.12-1+deb12u4")
    #expect(value("version_atleast(2.6.12-1+deb12u4)", packaged) == true)
    #expect(value("version_atleast(2.6.12-2)", packaged) == false)
    let development = ConditionEvaluator(environment: ConfigEnvironment([:]), version: "2.4-dev19")
    #expect(
      value("version_atleast(2.4-dev18) && version_before(2.4-dev20) && version_before(2.4)", development) == true)
    #expect(value("version_atleast(2.4-rc1)", development) == false)
  }

  @Test func malformedVersionsAreErrors() {
    for argument in ["abc", "2..6", "2.6-beta", "2.6-dev1x", ".6", "2.6."] {
      #expect(
        reason("version_atleast(\(argument))") == .invalidVersion(predicate: "version_atleast", argument: argument))
    }
    #expect(reason("version_atleast()") == .wrongArgumentCount(predicate: "version_atleast", expected: 1, got: 0))
    #expect(reason("version_before(x)") == .invalidVersion(predicate: "version_before", argument: "x"))
    // Checked even where short-circuiting would not evaluate it.
    #expect(reason("0 && version_atleast(abc)") == .invalidVersion(predicate: "version_atleast", argument: "abc"))
  }

  @Test func tlsLibraryPredicatesAreFalseWithoutOpenSSL() {
    for text in [
      "openssl_version_atleast(1.0)", "openssl_version_before(9.0)", "ssllib_name_startswith(OpenSSL)",
      "awslc_api_atleast(1)", "awslc_api_before(99)", "fips_mode()", "fips_mode",
    ] {
      #expect(value(text) == false, "\(text)")
    }
    #expect(value("!fips_mode") == true)
    #expect(reason("awslc_api_atleast(x)") == .invalidNumber(predicate: "awslc_api_atleast", argument: "x"))
    #expect(
      reason("openssl_version_atleast(1.x)") == .invalidVersion(predicate: "openssl_version_atleast", argument: "1.x"))
  }

  @Test func argumentCountsAreChecked() {
    #expect(reason("streq(a)") == .wrongArgumentCount(predicate: "streq", expected: 2, got: 1))
    #expect(reason("streq") == .wrongArgumentCount(predicate: "streq", expected: 2, got: 0))
    #expect(reason("streq()") == .wrongArgumentCount(predicate: "streq", expected: 2, got: 0))
    #expect(reason("streq(a,b,c)") == .wrongArgumentCount(predicate: "streq", expected: 2, got: 3))
    #expect(reason("feature(EPOLL,x)") == .wrongArgumentCount(predicate: "feature", expected: 1, got: 2))
    #expect(reason("defined()") == .wrongArgumentCount(predicate: "defined", expected: 1, got: 0))
    #expect(reason("fips_mode(x)") == .wrongArgumentCount(predicate: "fips_mode", expected: 0, got: 1))
    #expect(reason("streq (a,a)") == .wrongArgumentCount(predicate: "streq", expected: 2, got: 0))
    #expect(
      error("1 && streq(a)")?.description
        == "predicate 'streq' takes 2 arguments but got 1 at position 6 in conditional expression "
        + "'1 && streq(a)': write streq(<str1>,<str2>).")
  }

  @Test func unknownPredicatesAreErrorsEvenWhenShortCircuited() {
    #expect(error("nope(1)") == ConditionError(.unknownPredicate("nope"), expression: "nope(1)", position: 1))
    #expect(error("1 || nope(1)") == ConditionError(.unknownPredicate("nope"), expression: "1 || nope(1)", position: 6))
    #expect(reason("a") == .unknownPredicate("a"))
    let message = error("nope(1)")?.description ?? ""
    #expect(message.hasPrefix("unknown predicate 'nope' at position 1 in conditional expression 'nope(1)': "))
    #expect(message.contains("version_atleast"))
  }
}
