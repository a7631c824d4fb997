/// Finds the known keyword closest to a misspelt one, for "did you mean ...?" hints.
enum KeywordSuggestion {
  /// The candidate with the smallest edit distance, if it is close enough to be a plausible
  /// typo (at most a third of the word's length, and at most 3 edits).
  static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
    closestMatch(to: word, among: candidates)?.name
  }

  /// The closest plausible candidate and its distance. Ties go to the candidate that sorts
  /// first, so the hint does not depend on the order of a set or dictionary.
  static func closestMatch(
    to word: String, among candidates: some Sequence<String>
  ) -> (name: String, distance: Int)? {
    let target = Array(word.utf8)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(target, Array(candidate.utf8))
      if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name)
      {
        continue
      }
      best = (candidate, distance)
    }
    guard let best, best.distance <= max(1, min(3, target.count / 3)) else { return nil }
    return best
  }

  /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
  /// two adjacent characters each count as one edit, so `mdoe` is one edit from `mode`.
  static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }

  /// " (did you mean 'x'?)" or an empty string.
  static func hint(for word: String, among candidates: some Sequence<String>) -> String {
    guard let name = closest(to: word, among: candidates) else { return "" }
    return "; did you mean '\(name)'?"
  }
}
