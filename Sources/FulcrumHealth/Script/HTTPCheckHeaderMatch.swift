/// `http-check expect hdr|fhdr name [-m M] NAME [value [-m M] VALUE]`: a response header whose
/// name matches, and, with a value pattern, one of whose values matches. Names compare without
/// case; values with it. `hdr` tests each value of a comma-separated list (commas inside quoted
/// strings do not split), `fhdr` the whole field value. Without a value pattern the header only
/// has to be there. Pure value; any thread.
public struct HTTPCheckHeaderMatch: Sendable, Equatable {
  /// How a pattern is compared (`-m`): exact (the default), prefix, suffix, substring, regex.
  public enum Method: String, Sendable, Equatable, CaseIterable {
    case str, beg, end, sub, reg
  }

  public var name: String
  public var nameMethod: Method
  public var value: String?
  public var valueMethod: Method
  /// `fhdr`: the full value is tested, commas do not delimit values.
  public var fullValue: Bool

  public init(
    name: String, nameMethod: Method = .str, value: String? = nil, valueMethod: Method = .str, fullValue: Bool = false
  ) {
    self.name = name
    self.nameMethod = nameMethod
    self.value = value
    self.valueMethod = valueMethod
    self.fullValue = fullValue
  }

  /// Whether one of `fields` matches.
  func matches(_ fields: [HTTPCheckResponse.Field]) -> Bool {
    for field in fields where Self.compare(field.name, name, nameMethod, ignoringCase: true) {
      guard let value else { return true }
      let values = fullValue ? [field.value] : Self.listElements(field.value)
      if values.contains(where: { Self.compare($0, value, valueMethod, ignoringCase: false) }) { return true }
    }
    return false
  }

  static func compare(_ text: String, _ pattern: String, _ method: Method, ignoringCase: Bool) -> Bool {
    if method == .reg { return CheckRegex.matches(pattern, in: text, ignoringCase: ignoringCase) }
    let subject = ignoringCase ? text.lowercased() : text
    let wanted = ignoringCase ? pattern.lowercased() : pattern
    switch method {
    case .str: return subject == wanted
    case .beg: return subject.hasPrefix(wanted)
    case .end: return subject.hasSuffix(wanted)
    case .sub: return wanted.isEmpty || subject.contains(wanted)
    case .reg: return false
    }
  }

  /// The elements of a comma-separated field value, trimmed of spaces and tabs; a comma inside
  /// a quoted string (with its backslash escapes) is part of the element.
  static func listElements(_ value: String) -> [String] {
    var elements: [String] = []
    var current = ""
    var quoted = false
    var escaped = false
    for character in value {
      if escaped {
        escaped = false
      } else if quoted && character == "\\" {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == "," && !quoted {
        elements.append(current.trimmingHTTPSpaces())
        current = ""
        continue
      }
      current.append(character)
    }
    elements.append(current.trimmingHTTPSpaces())
    return elements
  }
}
