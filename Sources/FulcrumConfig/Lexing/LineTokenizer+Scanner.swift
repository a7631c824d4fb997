extension LineTokenizer {
  /// The state of one `tokenize` call: a cursor over the line's bytes and the word being built.
  /// Lives for one call on the caller's thread.
  struct Scanner {
    let bytes: ContiguousArray<UInt8>
    let context: TokenizerContext
    /// One past the last byte that counts: trailing CR and LF bytes are left out.
    let end: Int
    var index = 0
    var words: [String] = []
    var undefinedVariables: [String] = []
    /// The bytes of the word being built; meaningful only while `inWord` is true.
    var word: [UInt8] = []
    /// Whether a word has been started (a quote alone starts one: `""` is an empty word).
    var inWord = false
    /// Offset of the first byte of the word being built, for error positions.
    var wordStart = 0
    /// Whether a `\xNN` escape put a non-ASCII byte in the word, which then needs checking.
    var wordHasRawBytes = false

    init(bytes: ContiguousArray<UInt8>, context: TokenizerContext) {
      self.bytes = bytes
      self.context = context
      var end = bytes.count
      while end > 0, bytes[end - 1] == Byte.carriageReturn || bytes[end - 1] == Byte.lineFeed {
        end -= 1
      }
      self.end = end
      word.reserveCapacity(bytes.count)
      words.reserveCapacity(8)
    }

    mutating func run() throws(TokenizeError) {
      while index < end {
        let byte = bytes[index]
        switch byte {
        case Byte.space, Byte.tab, Byte.carriageReturn, Byte.lineFeed:
          try finishWord()
          index += 1
        case Byte.hash:
          try finishWord()
          return
        case Byte.doubleQuote:
          beginWord()
          try scanDoubleQuoted()
        case Byte.singleQuote:
          beginWord()
          try scanSingleQuoted()
        case Byte.backslash:
          beginWord()
          try scanEscape()
        case Byte.dollar where startsBracedName(at: index):
          beginWord()
          try expandVariable()
        default:
          beginWord()
          appendPlainRun()
        }
      }
      try finishWord()
    }

    /// Copies the run of bytes that need no interpretation outside quotes in one go.
    private mutating func appendPlainRun() {
      let start = index
      index += 1
      while index < end, !Byte.isSpecialUnquoted(bytes[index]) {
        index += 1
      }
      word.append(contentsOf: bytes[start..<index])
    }

    /// At an opening `"`: reads up to the closing quote.
    private mutating func scanDoubleQuoted() throws(TokenizeError) {
      let opening = index
      index += 1
      while index < end {
        switch bytes[index] {
        case Byte.doubleQuote:
          index += 1
          return
        case Byte.backslash:
          try scanEscape()
        case Byte.dollar:
          try expandVariable()
        default:
          word.append(bytes[index])
          index += 1
        }
      }
      throw .unmatchedQuote(position: opening + 1)
    }

    /// At an opening `'`: copies everything up to the closing quote.
    private mutating func scanSingleQuoted() throws(TokenizeError) {
      let opening = index
      index += 1
      while index < end {
        if bytes[index] == Byte.singleQuote {
          index += 1
          return
        }
        word.append(bytes[index])
        index += 1
      }
      throw .unmatchedQuote(position: opening + 1)
    }

    /// At a backslash outside single quotes.
    private mutating func scanEscape() throws(TokenizeError) {
      let backslash = index
      guard index + 1 < end else {
        // A lone backslash at the end of the line is kept, as HAProxy does.
        word.append(Byte.backslash)
        index += 1
        return
      }
      let next = bytes[index + 1]
      index += 2
      switch next {
      case Byte.space, Byte.tab, Byte.hash, Byte.backslash, Byte.singleQuote, Byte.doubleQuote, Byte.dollar:
        word.append(next)
      case UInt8(ascii: "n"):
        word.append(Byte.lineFeed)
      case UInt8(ascii: "r"):
        word.append(Byte.carriageReturn)
      case UInt8(ascii: "t"):
        word.append(Byte.tab)
      case UInt8(ascii: "x"):
        guard index + 1 < end, let high = Byte.hexValue(bytes[index]), let low = Byte.hexValue(bytes[index + 1])
        else {
          throw .invalidHexEscape(position: backslash + 1)
        }
        let value = high << 4 | low
        word.append(value)
        if value >= 0x80 { wordHasRawBytes = true }
        index += 2
      default:
        word.append(Byte.backslash)
        word.append(next)
      }
    }

    mutating func beginWord() {
      guard !inWord else { return }
      inWord = true
      wordStart = index
    }

    /// Ends the current word, if one was started, and checks the word limit.
    mutating func finishWord() throws(TokenizeError) {
      guard inWord else { return }
      guard words.count < LineTokenizer.maxWords else {
        throw .tooManyWords(limit: LineTokenizer.maxWords, position: wordStart + 1)
      }
      let text = String(decoding: word, as: UTF8.self)
      if wordHasRawBytes, !text.utf8.elementsEqual(word) {
        throw .invalidUTF8(position: wordStart + 1)
      }
      words.append(text)
      word.removeAll(keepingCapacity: true)
      inWord = false
      wordHasRawBytes = false
    }
  }
}
