/// Collects the keywords that were parsed into the model but whose behaviour has not landed,
/// and turns them into one warning per keyword and file listing the lines, so `-c` says
/// exactly what the running process will not do yet without a warning per line.
struct PendingKeywordReport {
  private struct Key: Hashable {
    var file: String
    var keyword: String
    var milestone: Milestone
  }

  private var lines: [Key: [Int]] = [:]
  private var order: [Key] = []

  mutating func note(_ keyword: String, _ milestone: Milestone, at location: SourceLocation) {
    guard !Milestone.landed.contains(milestone) else { return }
    let key = Key(file: location.file, keyword: keyword, milestone: milestone)
    if lines[key] == nil { order.append(key) }
    lines[key, default: []].append(location.line)
  }

  func emit(into diagnostics: inout Diagnostics) {
    for key in order {
      let found = lines[key] ?? []
      guard let first = found.first else { continue }
      let shown = found.prefix(12).map(String.init).joined(separator: ", ")
      let more = found.count > 12 ? " and \(found.count - 12) more" : ""
      let lineList = found.count == 1 ? "" : " (lines \(shown)\(more))"
      diagnostics.warning(
        "'\(key.keyword)' is parsed but not yet acted on\(lineList): it arrives with \(key.milestone.rawValue)",
        at: SourceLocation(file: key.file, line: first))
    }
  }
}
