/// Collects the keywords that were parsed into the model but whose behaviour has not landed,
/// and turns them into one warning per keyword and file listing the lines, so `-c` says
/// exactly what the running process will not do yet without a warning per line.
struct PendingKeywordReport {
  private struct Key: Hashable {
    var file: String
    var keyword: String
    /// The option of the line (`server ... check`), when the option is what is pending.
    var option: String?
    var milestone: Milestone

    // Equality still compares every field; the hash leaves out the milestone (a keyword
    // almost always has one) to hash fewer strings on every statement.
    func hash(into hasher: inout Hasher) {
      hasher.combine(keyword)
      hasher.combine(option)
      hasher.combine(file)
    }

    /// The name shown in the warning: `server` or `server ... check`.
    var displayName: String { option.map { $0.hasPrefix(keyword) ? $0 : "\(keyword) ... \($0)" } ?? keyword }
  }

  /// Each key's position in `keys`, which keeps the order keys were first noted in, and
  /// `lines`, the lines noted for it.
  private var slots: [Key: Int] = [:]
  private var keys: [Key] = []
  private var lines: [[Int]] = []
  /// The slots noted last, tried before hashing: a server line notes the same few keys as
  /// the line before it, and comparing short strings costs less than hashing them.
  private var recent: [Int] = []
  private var nextRecent = 0
  private static let recentCount = 4

  mutating func note(_ keyword: String, option: String? = nil, _ milestone: Milestone, at location: SourceLocation) {
    // `landed` is often empty; asking an empty set still hashes the milestone's long name.
    guard Milestone.landed.isEmpty || !Milestone.landed.contains(milestone) else { return }
    let key = Key(file: location.file, keyword: keyword, option: option, milestone: milestone)
    if let slot = recent.first(where: { keys[$0] == key }) {
      lines[slot].append(location.line)
      return
    }
    let slot: Int
    if let found = slots[key] {
      slot = found
      lines[slot].append(location.line)
    } else {
      slot = keys.count
      slots[key] = slot
      keys.append(key)
      lines.append([location.line])
    }
    if recent.count < Self.recentCount {
      recent.append(slot)
    } else {
      recent[nextRecent] = slot
      nextRecent = (nextRecent + 1) % Self.recentCount
    }
  }

  func emit(into diagnostics: inout Diagnostics) {
    for (key, found) in zip(keys, lines) {
      guard let first = found.first else { continue }
      let shown = found.prefix(12).map(String.init).joined(separator: ", ")
      let more = found.count > 12 ? " and \(found.count - 12) more" : ""
      let lineList = found.count == 1 ? "" : " (lines \(shown)\(more))"
      diagnostics.warning(
        "'\(key.displayName)' is parsed but not yet acted on\(lineList): it arrives with \(key.milestone.rawValue)",
        at: SourceLocation(file: key.file, line: first))
    }
  }
}
