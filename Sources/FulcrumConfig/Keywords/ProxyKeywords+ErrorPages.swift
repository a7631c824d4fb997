import Foundation

extension ProxyKeywords {
  /// `errorfile`, `errorfiles`, `errorloc*` and `http-error`.
  static let errorPages: [ProxyKeyword] = [
    ProxyKeyword("errorfile", .all, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(2...2, "a status code and a file name")
      let code = try errorCode(input.args[0], input)
      proxy.errors.files[code] = try ErrorFileReader.read(input.args[1], for: code)
    },
    ProxyKeyword("errorfiles", .all, .implemented) { proxy, input throws(ConfigError) in
      _ = try input.arg(0, "the name of an 'http-errors' section, optionally followed by status codes")
      var codes: [Int] = []
      for word in input.args.dropFirst() { codes.append(try errorCode(word, input)) }
      proxy.errors.groups.append(ErrorFilesReference(group: input.args[0], codes: codes, location: input.location))
    },
    errorLocation("errorloc", redirect: 302),
    errorLocation("errorloc302", redirect: 302),
    errorLocation("errorloc303", redirect: 303),
    ProxyKeyword("http-error", .all, .implemented) { proxy, input throws(ConfigError) in
      guard input.args.first == "status", input.args.count >= 2 else {
        throw ConfigError("'http-error' expects 'status CODE' followed by the response to send")
      }
      _ = try errorCode(input.args[1], input)
      proxy.errors.httpErrorRules.append(
        RuleStatement(
          action: "status", arguments: Array(input.args.dropFirst()), condition: nil, location: input.location))
    },
  ]

  static func errorLocation(_ name: String, redirect: Int) -> ProxyKeyword {
    ProxyKeyword(name, .all, .implemented) { proxy, input throws(ConfigError) in
      try input.expectArguments(2...2, "a status code and a URL")
      let code = try errorCode(input.args[0], input)
      proxy.errors.locations[code] = ErrorLocation(redirectCode: redirect, url: input.args[1])
    }
  }

  static func errorCode(_ word: String, _ input: KeywordInput) throws(ConfigError) -> Int {
    guard let code = Int(word), ErrorResponses.codes.contains(code) else {
      let list = ErrorResponses.codes.sorted().map(String.init).joined(separator: ", ")
      throw ConfigError("'\(input.keyword)': status code '\(word)' cannot be customised; use one of \(list)")
    }
    return code
  }
}

/// Reads an error page file at load time, as HAProxy does, so a missing file is reported by
/// `-c` and never discovered while serving.
enum ErrorFileReader {
  static let maxSize = 64 * 1024

  static func read(_ path: String, for code: Int) throws(ConfigError) -> ErrorFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(
        "errorfile for status \(code): cannot read '\(path)': check the path (relative paths start from the working directory)"
      )
    }
    guard data.count <= maxSize else {
      throw ConfigError(
        "errorfile '\(path)' is \(data.count) bytes; an error page must fit in a buffer (at most \(maxSize) bytes)")
    }
    return ErrorFile(path: path, contents: Array(data))
  }
}
