import FulcrumConfig
import Testing

@Suite struct LineTokenizerTests {
  static let environment = ConfigEnvironment([
    "X": "xval", "EMPTY": "", "LIST": "a b  c", "PADDED": " a\tb ", "SPACED": "one two",
  ])

  private func tokenize(
    _ line: String, environment: ConfigEnvironment = environment, file: String = "a.cfg", lineNumber: Int = 7,
    section: String = "frontend web"
  ) -> Result<TokenizedLine, TokenizeError> {
    let context = TokenizerContext(environment: environment, file: file, line: lineNumber, section: section)
    return LineTokenizer.tokenize(line[...], context: context)
  }

  private func words(_ line: String) -> [String]? {
    try? tokenize(line).get().words
  }

  private func error(_ line: String) -> TokenizeError? {
    if case .failure(let error) = tokenize(line) { return error }
    return nil
  }

  // MARK: words, comments, line endings

  @Test func splitsOnRunsOfSpacesAndTabs() {
    #expect(words("  bind \t :80   name  web ") == ["bind", ":80", "name", "web"])
    #expect(words("") == [])
    #expect(words(" \t ") == [])
  }

  @Test func hashStartsAComment() {
    #expect(words("global#comment") == ["global"])
    #expect(words("maxconn 100 # the limit") == ["maxconn", "100"])
    #expect(words("# only a comment") == [])
    #expect(words("a#\"unterminated") == ["a"])
  }

  @Test func crlfLineEndingsAreWhitespace() {
    #expect(words("daemon\r") == ["daemon"])
    #expect(words("log \"x\"\r") == ["log", "x"])
    #expect(words("maxconn 10\r\n") == ["maxconn", "10"])
    // Elsewhere a raw CR separates words outside quotes and is kept inside them.
    #expect(words("a\rb \"c\rd\"") == ["a", "b", "c\rd"])
    // A quote left open before the CR is still reported, not closed by the CR.
    #expect(error("log \"x\r") == .unmatchedQuote(position: 5))
  }

  @Test func emptyQuotedStringIsAnEmptyWord() {
    #expect(words("a \"\" b") == ["a", "", "b"])
    #expect(words("a '' b") == ["a", "", "b"])
    #expect(words("a \"\"x") == ["a", "x"])
  }

  @Test func quotesGlueToUnquotedText() {
    #expect(words("a\"b c\"'d e'f g") == ["ab cd ef", "g"])
    #expect(words("\"%{+Q}o %t\"' %s'\\ %{-Q}r") == ["%{+Q}o %t %s %{-Q}r"])
  }

  @Test func nonASCIIBytesAreKept() {
    #expect(words("server caf\u{E9} 10.0.0.1:80 # \u{1F600}") == ["server", "caf\u{E9}", "10.0.0.1:80"])
    #expect(words("\"\u{65E5}\u{672C} x\"") == ["\u{65E5}\u{672C} x"])
    #expect(words("\\xc3\\xa9") == ["\u{E9}"])
  }

  // MARK: quoting and escaping (§2.2)

  /// Every cell of the manual's matrix, each glued between `a` and `b` so it must stay inside one word.
  @Test(arguments: [
    ("\t", ["\\\t", "\\x09", "\"\t\"", "\"\\\t\"", "\"\\x09\"", "'\t'"]),
    ("\n", ["\\n", "\\x0a", "\"\\n\"", "\"\\x0a\""]),
    ("\r", ["\\r", "\\x0d", "\"\\r\"", "\"\\x0d\""]),
    (" ", ["\\ ", "\\x20", "\" \"", "\"\\ \"", "\"\\x20\"", "' '"]),
    ("\"", ["\\\"", "\\x22", "\"\\\"\"", "\"\\x22\"", "'\"'"]),
    ("#", ["\\#", "\\x23", "\"#\"", "\"\\#\"", "\"\\x23\"", "'#'"]),
    ("$", ["$", "\\$", "\\x24", "\"\\$\"", "\"\\x24\"", "'$'"]),
    ("'", ["\\'", "\\x27", "\"'\"", "\"\\'\"", "\"\\x27\""]),
    ("\\", ["\\\\", "\\x5c", "\"\\\\\"", "\"\\x5c\"", "'\\'"]),
  ])
  func escapingMatrix(character: String, spellings: [String]) {
    for spelling in spellings {
      #expect(words("k a\(spelling)b z") == ["k", "a\(character)b", "z"], "spelling \(spelling)")
    }
  }

  @Test func logFormatSpellingsAreEquivalent() {
    let spellings = [
      #"log-format %{+Q}o\ %t\ %s\ %{-Q}r"#,
      #"log-format "%{+Q}o %t %s %{-Q}r""#,
      #"log-format '%{+Q}o %t %s %{-Q}r'"#,
      #"log-format "%{+Q}o %t"' %s %{-Q}r'"#,
      #"log-format "%{+Q}o %t"' %s'\ %{-Q}r"#,
    ]
    for spelling in spellings {
      #expect(words(spelling) == ["log-format", "%{+Q}o %t %s %{-Q}r"], "\(spelling)")
    }
  }

  @Test func legacyHTTPCheckLineKeepsCRLFAndHost() {
    #expect(
      words(#"option httpchk GET /x HTTP/1.1\r\nHost:\ example.com"#)
        == ["option", "httpchk", "GET", "/x", "HTTP/1.1\r\nHost: example.com"])
  }

  @Test func regexBackslashesArePreserved() {
    #expect(words(#"acl api path_reg ^/api/v\d+"#) == ["acl", "api", "path_reg", #"^/api/v\d+"#])
    #expect(words(#"acl h hdr_reg(host) .*\.example\.com"#) == ["acl", "h", "hdr_reg(host)", #".*\.example\.com"#])
    #expect(words(#"acl s path_reg "\d\.\w" '\s+'"#) == ["acl", "s", "path_reg", #"\d\.\w"#, #"\s+"#])
    #expect(words(#"a\"#) == [#"a\"#])
  }

  @Test func singleQuotesInterpretNothing() {
    #expect(words(#"'\x41\n$X ${X} # "'"#) == [#"\x41\n$X ${X} # ""#])
  }

  @Test func secondLevelQuotingExamplesFromTheManual() {
    #expect(
      words(#"http-request set-path %[path,regsub(\"(foo|bar)\",blah,g)]"#)
        == ["http-request", "set-path", #"%[path,regsub("(foo|bar)",blah,g)]"#])
    #expect(
      words(#"http-request set-path '%[path,regsub("^/(here)(/|$)","my/\1",g)]'"#)
        == ["http-request", "set-path", #"%[path,regsub("^/(here)(/|$)","my/\1",g)]"#])
    #expect(
      words(#"http-request set-var(txn.foo) str(\"\'foo\'\")"#)
        == ["http-request", "set-var(txn.foo)", #"str("'foo'")"#])
  }

  // MARK: environment variables (§2.3)

  @Test func variablesExpandInsideDoubleQuotes() {
    #expect(words(#"user "$X" "${X}" "$X.y" "pre-${X}-post""#) == ["user", "xval", "xval", "xval.y", "pre-xval-post"])
  }

  @Test func onlyBracedVariablesExpandOutsideQuotes() {
    #expect(words("bind fd@${X}") == ["bind", "fd@xval"])
    #expect(words("user $X") == ["user", "$X"])
    #expect(words("acl end path_reg ^/foo$ $1 ${ x") == ["acl", "end", "path_reg", "^/foo$", "$1", "${", "x"])
  }

  @Test func defaultValueReplacesOnlyUnsetVariables() throws {
    #expect(words(#"log "${NOPE-127.0.0.1}:514" ${NOPE-d}"#) == ["log", "127.0.0.1:514", "d"])
    #expect(words(#"log "${EMPTY-127.0.0.1}:514""#) == ["log", ":514"])
    #expect(words(#"log "${X-127.0.0.1}""#) == ["log", "xval"])
    #expect(try tokenize(#""${NOPE-}""#).get() == TokenizedLine(words: [""]))
  }

  @Test func starSuffixSplitsTheValueIntoWords() {
    #expect(words(#"k "${LIST[*]}" z"#) == ["k", "a", "b", "c", "z"])
    #expect(words("k ${LIST[*]} z") == ["k", "a", "b", "c", "z"])
    #expect(words(#"k "x${LIST[*]}y" z"#) == ["k", "xa", "b", "cy", "z"])
    #expect(words(#"k "${X[*]}""#) == ["k", "xval"])
    // Blanks at the ends of the value delimit empty words, as in HAProxy 2.6.
    #expect(words(#"k "${PADDED[*]}" z"#) == ["k", "", "a", "b", "", "z"])
    #expect(words(#"k "${PADDED}" z"#) == ["k", " a\tb ", "z"])
    #expect(words(#"k "${NOPE[*]}" z"#) == ["k", "", "z"])
    #expect(words(#"k "$LIST[*]""#) == ["k", "a b  c[*]"])
  }

  @Test func pseudoVariablesComeFromTheContext() {
    let line = try? tokenize(#"k "${.FILE}:${.LINE}" ${.SECTION} "$.LINE""#, file: "b.cfg", lineNumber: 42).get()
    #expect(line?.words == ["k", "b.cfg:42", "frontend web", "42"])
    #expect(line?.undefinedVariables == [])
  }

  @Test func undefinedVariablesExpandToNothingAndAreRecorded() throws {
    let line = try tokenize(#"server "$NOPE" ${NOPE}:80 "${OTHER}" "${MISSING-x}""#).get()
    #expect(line.words == ["server", "", ":80", "", "x"])
    #expect(line.undefinedVariables == ["NOPE", "OTHER"])
    #expect(try tokenize(#"k "$EMPTY""#).get() == TokenizedLine(words: ["k", ""]))
  }

  @Test func variableValuesAreNotReinterpreted() throws {
    let environment = ConfigEnvironment(["V": #"a "b" #c \n $X"#])
    #expect(try tokenize(#"k "$V""#, environment: environment).get().words == ["k", #"a "b" #c \n $X"#])
  }

  // MARK: errors

  @Test func unterminatedQuotesAreReportedAtTheOpeningQuote() {
    #expect(error("log \"abc") == .unmatchedQuote(position: 5))
    #expect(error("log 'abc") == .unmatchedQuote(position: 5))
    #expect(error(#"log "a\"#) == .unmatchedQuote(position: 5))
    #expect(error("log 'a\"b' \"c'") == .unmatchedQuote(position: 11))
    #expect(error("log \"abc")?.description.hasPrefix("unmatched quote at position 5: ") == true)
  }

  @Test func badHexEscapesAreReportedAtTheBackslash() {
    #expect(error(#"k \xZZ"#) == .invalidHexEscape(position: 3))
    #expect(error(#"k "\x4""#) == .invalidHexEscape(position: 4))
    #expect(error(#"k \x"#) == .invalidHexEscape(position: 3))
    #expect(error(#"k \xff"#) == .invalidUTF8(position: 3))
  }

  @Test func malformedVariableReferences() {
    #expect(error(#"k "$""#) == .invalidVariableName(position: 5))
    #expect(error(#"k "$1""#) == .invalidVariableName(position: 5))
    #expect(error(#"k "${""#) == .invalidVariableName(position: 6))
    #expect(error(#"k "$.""#) == .invalidVariableName(position: 5))
    #expect(error(#"k "${X""#) == .unmatchedBrace(position: 5))
    #expect(error(#"k "${X-def""#) == .unmatchedBrace(position: 5))
    #expect(error("k ${X") == .unmatchedBrace(position: 4))
    #expect(error(#"k "${LIST[*""#) == .invalidWordExpansion(position: 10))
    #expect(error(#"k "${LIST[x]}""#) == .invalidWordExpansion(position: 10))
  }

  @Test func atMostSixtyFourWords() {
    let sixtyFour = (1...64).map { "w\($0)" }
    #expect(words(sixtyFour.joined(separator: " ")) == sixtyFour)
    #expect(words(sixtyFour.joined(separator: " ") + "  # trailing comment ") == sixtyFour)
    let line = (1...65).map { "w\($0)" }.joined(separator: " ")
    let position = line.utf8.count - 2
    #expect(error(line) == .tooManyWords(limit: 64, position: position))
    #expect(
      error(line)?.description
        == "too many words, truncating after word 64, position \(position): a line takes at most 64 words; "
        + "quote arguments that contain spaces, or split the statement.")
  }

  @Test func splitVariablesCountTowardsTheWordLimit() {
    let environment = ConfigEnvironment(["MANY": (1...64).map(String.init).joined(separator: " ")])
    guard case .failure(let error) = tokenize(#"k "${MANY[*]}""#, environment: environment) else {
      Issue.record("expected too many words")
      return
    }
    #expect(error == .tooManyWords(limit: 64, position: 4))
  }

  @Test func everyErrorDescriptionIsASentenceWithItsPosition() {
    let errors: [TokenizeError] = [
      .unmatchedQuote(position: 1), .invalidHexEscape(position: 2), .tooManyWords(limit: 64, position: 3),
      .unmatchedBrace(position: 4), .invalidVariableName(position: 5), .invalidWordExpansion(position: 6),
      .invalidUTF8(position: 7),
    ]
    for error in errors {
      #expect(error.description.contains("position \(error.position)"))
      #expect(error.description.hasSuffix("."))
    }
  }
}
