extension LineTokenizer.Scanner {
  /// Whether the `$` at `offset` is followed by `{` and a character that can start a name:
  /// the only form expanded outside quotes.
  func startsBracedName(at offset: Int) -> Bool {
    offset + 2 < end && bytes[offset + 1] == Byte.openBrace && Byte.canStartName(bytes[offset + 2])
  }

  /// At a `$` inside double quotes, or at an unquoted `$` that `startsBracedName`: reads the
  /// reference and appends its value.
  mutating func expandVariable() throws(TokenizeError) {
    let dollar = index
    guard index + 1 < end, bytes[index + 1] == Byte.openBrace else {
      let name = try readName(from: index + 1)
      index = name.upperBound
      let text = value(ofVariable: name, default: nil)
      word.append(contentsOf: text.utf8)
      return
    }
    let brace = index + 1
    let name = try readName(from: brace + 1)
    var cursor = name.upperBound
    guard cursor < end else { throw .unmatchedBrace(position: brace + 1) }
    switch bytes[cursor] {
    case Byte.closeBrace:
      index = cursor + 1
      let text = value(ofVariable: name, default: nil)
      word.append(contentsOf: text.utf8)
    case Byte.minus:
      let defaultStart = cursor + 1
      cursor = defaultStart
      while cursor < end, bytes[cursor] != Byte.closeBrace {
        cursor += 1
      }
      guard cursor < end else { throw .unmatchedBrace(position: brace + 1) }
      index = cursor + 1
      let text = value(ofVariable: name, default: defaultStart..<cursor)
      word.append(contentsOf: text.utf8)
    case Byte.openBracket:
      let star = cursor + 1
      guard star + 2 < end, bytes[star] == Byte.star, bytes[star + 1] == Byte.closeBracket,
        bytes[star + 2] == Byte.closeBrace
      else {
        throw .invalidWordExpansion(position: cursor + 1)
      }
      index = star + 3
      let text = value(ofVariable: name, default: nil)
      try appendSplitting(text, referenceStart: dollar)
    default:
      throw .unmatchedBrace(position: brace + 1)
    }
  }

  /// The range of the variable name starting at `start`: `[A-Za-z_][A-Za-z0-9_]*`, or a dot
  /// followed by name characters for the pseudo-variables.
  private func readName(from start: Int) throws(TokenizeError) -> Range<Int> {
    guard start < end, Byte.canStartName(bytes[start]) else {
      throw .invalidVariableName(position: start + 1)
    }
    var cursor = start + 1
    while cursor < end, Byte.isNameCharacter(bytes[cursor]) {
      cursor += 1
    }
    if bytes[start] == Byte.dot, cursor == start + 1 {
      throw .invalidVariableName(position: start + 1)
    }
    return start..<cursor
  }

  /// The value of the variable whose name occupies `nameRange`, recording it as undefined when
  /// it is not set and has no default.
  private mutating func value(ofVariable nameRange: Range<Int>, default defaultRange: Range<Int>?) -> String {
    let name = String(decoding: bytes[nameRange], as: UTF8.self)
    switch name {
    case ".FILE": return context.file
    case ".LINE": return String(context.line)
    case ".SECTION": return context.section
    default: break
    }
    if let value = context.environment[name] { return value }
    if let defaultRange { return String(decoding: bytes[defaultRange], as: UTF8.self) }
    if !undefinedVariables.contains(name) { undefinedVariables.append(name) }
    return ""
  }

  /// `${NAME[*]}`: each run of spaces or tabs in the value ends the current word and starts
  /// another, which exists even if nothing follows (HAProxy's behaviour).
  private mutating func appendSplitting(_ value: String, referenceStart: Int) throws(TokenizeError) {
    var inBlankRun = false
    for byte in value.utf8 {
      if byte == Byte.space || byte == Byte.tab {
        if !inBlankRun {
          try finishWord()
          inWord = true
          wordStart = referenceStart
          inBlankRun = true
        }
      } else {
        inBlankRun = false
        word.append(byte)
      }
    }
  }
}
