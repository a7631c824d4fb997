import FulcrumCore

/// One statement being parsed by a keyword handler: its words split into the keyword and its
/// arguments, the location, and typed accessors that fail with messages naming the keyword.
/// Lives for one statement on the loading thread.
struct KeywordInput {
  let words: [String]
  /// How many leading words form the keyword (`timeout client` is 2).
  let keywordLength: Int
  let location: SourceLocation
  /// Resolves host names in `bind` addresses (servers are resolved after loading).
  let resolver: any HostResolver
  /// The line started with `no` (`no option httpclose`, `no log`).
  var isNegated = false
  /// Warnings a handler wants reported at this line (legacy forms, ignored values...).
  var warnings: [String] = []
  /// Options of the line whose behaviour comes with another milestone than the keyword's
  /// (e.g. `ssl` on a `bind` line), for the "parsed but not yet acted on" warning.
  var pendingOptions: [(name: String, milestone: Milestone)] = []

  /// The words after the keyword; made once, as handlers read them many times.
  let args: [String]

  init(words: [String], keywordLength: Int, location: SourceLocation, resolver: any HostResolver) {
    self.resolver = resolver
    self.words = words
    self.keywordLength = min(keywordLength, words.count)
    self.args = Array(words.dropFirst(self.keywordLength))
    self.location = location
  }

  var keyword: String {
    // Most keywords are one word: no need to build a joined copy of it.
    keywordLength == 1 ? words[0] : words.prefix(keywordLength).joined(separator: " ")
  }

  mutating func warn(_ message: String) { warnings.append(message) }

  mutating func notePending(_ option: String, _ milestone: Milestone) {
    pendingOptions.append((option, milestone))
  }

  /// The argument at `index` (0-based after the keyword), or an error with `usage`.
  func arg(_ index: Int, _ usage: @autoclosure () -> String) throws(ConfigError) -> String {
    guard index < args.count else { throw ConfigError("'\(keyword)' expects \(usage())") }
    return args[index]
  }

  /// Fails unless the argument count is within `range`.
  func expectArguments(_ range: ClosedRange<Int>, _ usage: String) throws(ConfigError) {
    let count = args.count
    if count < range.lowerBound { throw ConfigError("'\(keyword)' expects \(usage)") }
    if count > range.upperBound {
      throw ConfigError("'\(keyword)' takes \(usage), but found unexpected '\(args[range.upperBound])'")
    }
  }

  func time(_ word: String, for name: String? = nil) throws(ConfigError) -> TimeValue {
    do throws(ValueError) {
      return try TimeValue.parse(word, keyword: name ?? keyword)
    } catch {
      throw ConfigError(error.description)
    }
  }

  func size(_ word: String, for name: String? = nil) throws(ConfigError) -> Int {
    do throws(ValueError) {
      return try SizeValue.parse(word, keyword: name ?? keyword).bytes
    } catch {
      throw ConfigError(error.description)
    }
  }

  func integer(_ word: String, in range: ClosedRange<Int>, for name: String? = nil) throws(ConfigError) -> Int {
    do throws(ValueError) {
      if let name { return try IntegerValue.parse(word, keyword: name, in: range) }
      return try IntegerValue.parse(word, keyword: keyword, in: range)
    } catch {
      throw ConfigError(error.description)
    }
  }

  /// Parses the address of a `source` keyword or server option.
  static func source(_ word: String) throws(ConfigError) -> SourceBinding {
    do throws(ValueError) {
      return try AddressParser.parseSourceAddress(word, keyword: "source")
    } catch {
      throw ConfigError(error.description)
    }
  }

  /// Parses a `bind`-style address list, resolving host names.
  func listenAddresses(_ word: String, for name: String = "bind") throws(ConfigError) -> [ListenAddress] {
    do throws(ValueError) {
      return try AddressParser.parseBindAddresses(word, keyword: name, resolver: resolver)
    } catch {
      throw ConfigError("'\(name) \(word)' : \(error.description)")
    }
  }

  /// Splits `words` at a trailing `if`/`unless` condition.
  static func splitCondition(_ words: [String]) throws(ConfigError) -> (head: [String], condition: RuleCondition?) {
    guard let index = words.firstIndex(where: { $0 == "if" || $0 == "unless" }) else { return (words, nil) }
    let terms = Array(words[(index + 1)...])
    guard !terms.isEmpty else {
      throw ConfigError("'\(words[index])' must be followed by a condition (ACL names or an anonymous '{ ... }' ACL)")
    }
    let polarity: RuleCondition.Polarity = words[index] == "if" ? .whenTrue : .whenFalse
    return (Array(words[..<index]), RuleCondition(polarity: polarity, terms: terms))
  }
}
