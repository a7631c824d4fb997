/// One line an agent sent (`agent-check`), as HAProxy 2.6 reads it: words separated by spaces,
/// tabs or commas, in any order and any case; a word starting with `#` starts a description
/// that runs to the end of the line. Words it does not know are ignored, as HAProxy ignores them. Pure value; any
/// thread.
public struct AgentReply: Sendable, Equatable {
  /// `up`, or `down`/`stopped`/`fail` with the description after `#`.
  public enum Health: Sendable, Equatable {
    case up
    case down(word: String, description: String?)
  }

  /// `ready`, `drain` or `maint`.
  public enum Admin: Sendable, Equatable {
    case ready
    case drain
    case maintenance
  }

  public var health: Health?
  public var admin: Admin?
  /// `NN%`: the weight as a percentage of the configured one.
  public var weightPercent: Int?
  /// `maxconn:NN`.
  public var maxconn: Int?

  public init(health: Health? = nil, admin: Admin? = nil, weightPercent: Int? = nil, maxconn: Int? = nil) {
    self.health = health
    self.admin = admin
    self.weightPercent = weightPercent
    self.maxconn = maxconn
  }

  /// What the bytes read so far hold.
  public enum Parse: Sendable, Equatable {
    /// No line end yet: read more.
    case incomplete
    /// A whole line.
    case reply(AgentReply)
    /// The agent closed (or filled the buffer) without ending a line: HAProxy 2.6 changes
    /// nothing then.
    case noLine
  }

  /// Parses the first line of `bytes` (ended by `\r` or `\n`). `complete` says no more bytes
  /// will come (the agent closed, or the buffer is full).
  public static func parse(_ bytes: [UInt8], complete: Bool) -> Parse {
    guard let end = bytes.firstIndex(where: { $0 == 0x0D || $0 == 0x0A }) else {
      return complete ? .noLine : .incomplete
    }
    return .reply(parse(line: String(decoding: bytes[..<end], as: UTF8.self)))
  }

  /// Parses one line without its end.
  public static func parse(line: String) -> AgentReply {
    let separators: Set<Character> = [" ", "\t", ","]
    // A word that starts with `#` starts the description, which runs to the end of the line
    // (`down #broken disk`); a `#` inside a word (`down#disk`) is just part of that word.
    var words = Substring(line)
    var description: String?
    var previous: Character = " "
    for index in line.indices {
      let character = line[index]
      if character == "#" && separators.contains(previous) {
        words = line[..<index]
        let text = line[line.index(after: index)...].trimmingASCIISpaces()
        description = text.isEmpty ? nil : String(text)
        break
      }
      previous = character
    }
    var reply = AgentReply()
    for word in words.split(whereSeparator: { separators.contains($0) }) {
      let lower = word.lowercased()
      switch lower {
      case "up": reply.health = .up
      case "down", "stopped", "fail": reply.health = .down(word: lower, description: description)
      case "ready": reply.admin = .ready
      case "drain": reply.admin = .drain
      case "maint": reply.admin = .maintenance
      default:
        if lower.hasSuffix("%"), let percent = Int(lower.dropLast()), percent >= 0 {
          reply.weightPercent = percent
        } else if lower.hasPrefix("maxconn:"), let value = Int(lower.dropFirst(8)), value >= 0 {
          reply.maxconn = value
        }
      }
    }
    return reply
  }

  /// HAProxy's `info` for the reply's health word: `via agent : up`,
  /// `via agent : down (broken disk)`.
  var healthInfo: String? {
    switch health {
    case .up: "via agent : up"
    case .down(let word, let description?): "via agent : \(word) (\(description))"
    case .down(let word, nil): "via agent : \(word)"
    case nil: nil
    }
  }
}

extension Substring {
  func trimmingASCIISpaces() -> Substring {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return text
  }
}
