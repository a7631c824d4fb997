extension ConfigCompiler {
  /// `userlist NAME` with `group NAME [users U,...]` and
  /// `user NAME [password HASH | insecure-password PASS] [groups G,...]`.
  mutating func compileUserlist(_ section: Section) {
    guard let name = section.name else {
      diagnostics.alert("'userlist' needs a name", at: section.location)
      return
    }
    if userlists.contains(where: { $0.name == name }) {
      diagnostics.alert("userlist '\(name)' is declared twice", at: section.location)
    }
    var list = Userlist(name: name, location: section.location)
    var userLines: [String: SourceLocation] = [:]
    for statement in section.statements {
      let words = statement.words
      switch words[0] {
      case "group":
        guard words.count == 2 || (words.count == 4 && words[2] == "users") else {
          diagnostics.alert("'group' expects 'group NAME [users USER,...]'", at: statement.location)
          continue
        }
        list.groups[words[1]] = words.count == 4 ? words[3].split(separator: ",").map(String.init) : []
      case "user":
        guard words.count >= 4, ["password", "insecure-password"].contains(words[2]) else {
          diagnostics.alert(
            "'user' expects 'user NAME password HASH' or 'user NAME insecure-password PASS'", at: statement.location)
          continue
        }
        var groups: [String] = []
        if words.count > 4 {
          guard words.count == 6, words[4] == "groups" else {
            diagnostics.alert(
              "'user \(words[1])' accepts only 'groups G1,G2' after the password", at: statement.location)
            continue
          }
          groups = words[5].split(separator: ",").map(String.init)
        }
        if list.users.contains(where: { $0.name == words[1] }) {
          diagnostics.alert("user '\(words[1])' is declared twice in userlist '\(name)'", at: statement.location)
        }
        if userLines[words[1]] == nil { userLines[words[1]] = statement.location }
        list.users.append(
          .init(name: words[1], password: words[3], isInsecure: words[2] == "insecure-password", groups: groups))
        pending.note("user", .rules, at: statement.location)
      default:
        diagnostics.alert(
          "unknown keyword '\(words[0])' in 'userlist' section\(KeywordSuggestion.hint(for: words[0], among: ["user", "group"]))",
          at: statement.location)
      }
    }
    for user in list.users {
      for group in user.groups where list.groups[group] == nil {
        diagnostics.alert(
          "user '\(user.name)' is in group '\(group)', which userlist '\(name)' does not declare",
          at: userLines[user.name] ?? list.location)
      }
    }
    userlists.append(list)
  }

  /// `http-errors NAME` with `errorfile CODE FILE` lines.
  mutating func compileHTTPErrors(_ section: Section) {
    guard let name = section.name else {
      diagnostics.alert("'http-errors' needs a name", at: section.location)
      return
    }
    if httpErrorGroups[name] != nil {
      diagnostics.alert("http-errors section '\(name)' is declared twice", at: section.location)
    }
    var files: [Int: ErrorFile] = [:]
    for statement in section.statements {
      let words = statement.words
      guard words[0] == "errorfile" else {
        diagnostics.alert(
          "unknown keyword '\(words[0])' in 'http-errors' section: only 'errorfile CODE FILE' is allowed",
          at: statement.location)
        continue
      }
      let input = KeywordInput(words: words, keywordLength: 1, location: statement.location, resolver: resolver)
      do throws(ConfigError) {
        try input.expectArguments(2...2, "a status code and a file name")
        let code = try ProxyKeywords.errorCode(words[1], input)
        files[code] = try ErrorFileReader.read(words[2], for: code)
      } catch {
        diagnostics.alert(error.message, at: statement.location)
      }
    }
    httpErrorGroups[name] = files
    httpErrorLocations[name] = section.location
  }
}
