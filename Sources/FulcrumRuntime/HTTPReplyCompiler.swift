import Foundation
import FulcrumConfig
import FulcrumProxy

/// Compiles the reply words HAProxy shares between `http-request return`, `http-request deny`
/// and `http-error status` (`status`, `content-type`, one of `default-errorfiles`, `errorfile`,
/// `errorfiles`, `file`, `lf-file`, `string`, `lf-string`, and `hdr NAME VALUE`) into a prepared
/// response. Log-format expressions are not evaluated yet, so `lf-*` payloads and `hdr` values
/// are accepted only without a `%`. Runs at load, off the event loops.
struct HTTPReplyCompiler {
  /// Which rule the words come from.
  enum Kind: Equatable {
    case `return`
    case deny
    /// `http-error status CODE ...`: the status is given, `default-errorfiles` means "no
    /// replacement".
    case httpError(status: Int)
  }

  /// What the words compile to.
  enum Reply {
    case response(HTTPPreparedResponse)
    /// `http-error ... default-errorfiles`: drop this proxy's replacement for the status.
    case defaultPage(status: Int)
  }

  /// The proxy's error pages as far as known, for `default-errorfiles` and `errorfiles` fallback.
  var errorPages: HTTPErrorPages
  var httpErrorGroups: [String: [Int: ErrorFile]]
  var limits: HTTP1Limits
  /// The largest response a reply may be (`tune.bufsize`).
  var maxResponseSize: Int
  var readFile: @Sendable (String) -> [UInt8]?

  private enum Payload {
    case defaultErrorfiles
    case errorfile(String)
    case errorfiles(String)
    case file(String, logFormat: Bool)
    case string(String, logFormat: Bool)

    var word: String {
      switch self {
      case .defaultErrorfiles: "default-errorfiles"
      case .errorfile: "errorfile"
      case .errorfiles: "errorfiles"
      case .file(_, let logFormat): logFormat ? "lf-file" : "file"
      case .string(_, let logFormat): logFormat ? "lf-string" : "string"
      }
    }
  }

  func compile(_ words: [String], kind: Kind) throws(HTTPResponseDefinitionError) -> Reply {
    var status: Int?
    var contentType: String?
    var payload: Payload?
    var fields: [HTTPPreparedResponse.Field] = []
    var index = 0
    func value(_ word: String) throws(HTTPResponseDefinitionError) -> String {
      guard index + 1 < words.count else { throw HTTPResponseDefinitionError("'\(word)' expects a value") }
      index += 1
      return words[index]
    }
    func setPayload(_ new: Payload) throws(HTTPResponseDefinitionError) {
      if let payload {
        throw HTTPResponseDefinitionError("'\(new.word)' given after '\(payload.word)': a reply has one payload")
      }
      payload = new
    }
    while index < words.count {
      let word = words[index]
      switch word {
      case "status", "deny_status":
        if word == "deny_status" && kind != .deny { throw unknownArgument(word) }
        if case .httpError = kind {
          throw HTTPResponseDefinitionError("unexpected 'status': 'http-error status CODE' gives it once, first")
        }
        let text = try value(word)
        guard let code = Int(text), (200...599).contains(code) else {
          throw HTTPResponseDefinitionError("'\(word) \(text)': the status is a code from 200 to 599")
        }
        status = code
      case "content-type": contentType = try value(word)
      case "default-errorfiles": try setPayload(.defaultErrorfiles)
      case "errorfile": try setPayload(.errorfile(try value(word)))
      case "errorfiles": try setPayload(.errorfiles(try value(word)))
      case "file", "lf-file": try setPayload(.file(try value(word), logFormat: word == "lf-file"))
      case "string", "lf-string": try setPayload(.string(try value(word), logFormat: word == "lf-string"))
      case "hdr":
        let name = try value(word)
        let fieldValue = try value(word)
        if fieldValue.contains("%") {
          throw HTTPResponseDefinitionError(
            "'hdr \(name) \(fieldValue)': log-format expressions ('%') are not evaluated yet; write a literal value")
        }
        fields.append(.init(name, fieldValue))
      default:
        throw unknownArgument(word)
      }
      index += 1
    }
    let code: Int
    switch kind {
    case .return: code = status ?? 200
    case .deny: code = status ?? 403
    case .httpError(let given): code = given
    }
    // `deny [deny_status N]` alone means the proxy's page for N.
    if kind == .deny && payload == nil && contentType == nil && fields.isEmpty { payload = .defaultErrorfiles }
    return try reply(code: code, contentType: contentType, payload: payload, fields: fields, kind: kind)
  }

  private func unknownArgument(_ word: String) -> HTTPResponseDefinitionError {
    HTTPResponseDefinitionError(
      "unknown argument '\(word)'; a reply takes 'status', 'content-type', one of 'default-errorfiles', 'errorfile', 'errorfiles', 'file', 'lf-file', 'string', 'lf-string', and 'hdr NAME VALUE'"
    )
  }

  private func reply(
    code: Int, contentType: String?, payload: Payload?, fields: [HTTPPreparedResponse.Field], kind: Kind
  ) throws(HTTPResponseDefinitionError) -> Reply {
    switch payload {
    case .defaultErrorfiles, .errorfile, .errorfiles:
      try refuseIgnored(contentType: contentType, fields: fields, payload: payload!)
    default: break
    }
    switch payload {
    case .defaultErrorfiles:
      try requireReplaceable(code, "default-errorfiles")
      if case .httpError = kind { return .defaultPage(status: code) }
      return .response(errorPages.page(for: code))
    case .errorfile(let path):
      let contents = try read(path)
      return .response(try HTTPErrorFile.response(contents: contents, path: path, replacing: code, limits: limits))
    case .errorfiles(let group):
      try requireReplaceable(code, "errorfiles")
      guard let files = httpErrorGroups[group] else {
        throw HTTPResponseDefinitionError("'errorfiles \(group)': no 'http-errors \(group)' section is declared")
      }
      // HAProxy falls back to the proxy's page when the group has none for the status.
      guard let file = files[code] else { return .response(errorPages.page(for: code)) }
      return .response(
        try HTTPErrorFile.response(contents: file.contents, path: file.path, replacing: code, limits: limits))
    case .file(let path, let logFormat):
      let contents = try read(path)
      if logFormat && contents.contains(UInt8(ascii: "%")) {
        throw HTTPResponseDefinitionError(
          "'lf-file \(path)': log-format expressions ('%') are not evaluated yet; use 'file' for literal contents")
      }
      return .response(
        try sized(
          HTTPImmediateResponse.payload(
            status: code, contentType: contentType, body: contents, fields: fields)))
    case .string(let text, let logFormat):
      if logFormat && text.contains("%") {
        throw HTTPResponseDefinitionError(
          "'lf-string \(text)': log-format expressions ('%') are not evaluated yet; use 'string' for a literal payload")
      }
      return .response(
        try sized(
          HTTPImmediateResponse.payload(
            status: code, contentType: contentType, body: Array(text.utf8), fields: fields)))
    case nil:
      return .response(
        try HTTPImmediateResponse.payload(status: code, contentType: contentType, body: [], fields: fields))
    }
  }

  private func refuseIgnored(
    contentType: String?, fields: [HTTPPreparedResponse.Field], payload: Payload
  ) throws(HTTPResponseDefinitionError) {
    if let contentType {
      throw HTTPResponseDefinitionError(
        "'content-type \(contentType)' has no effect with '\(payload.word)' (the page is a whole response; HAProxy ignores it): remove it"
      )
    }
    if let field = fields.first {
      throw HTTPResponseDefinitionError(
        "'hdr \(field.name)' has no effect with '\(payload.word)' (the page is a whole response; HAProxy ignores it): remove it"
      )
    }
  }

  private func requireReplaceable(_ code: Int, _ word: String) throws(HTTPResponseDefinitionError) {
    guard HTTPErrorPages.replaceableStatuses.contains(code) else {
      let list = HTTPErrorPages.replaceableStatuses.map(String.init).joined(separator: ", ")
      throw HTTPResponseDefinitionError("status \(code) has no error page for '\(word)'; use one of \(list)")
    }
  }

  private func read(_ path: String) throws(HTTPResponseDefinitionError) -> [UInt8] {
    guard let contents = readFile(path) else {
      throw HTTPResponseDefinitionError(
        "cannot read '\(path)': check the path (relative paths start from the working directory)")
    }
    guard contents.count <= maxResponseSize else {
      throw HTTPResponseDefinitionError(
        "'\(path)' is \(contents.count) bytes; a reply must fit in a buffer (tune.bufsize, \(maxResponseSize) bytes)")
    }
    return contents
  }

  private func sized(_ response: HTTPPreparedResponse) throws(HTTPResponseDefinitionError) -> HTTPPreparedResponse {
    let size = response.bytes(.close).readableBytes
    guard size <= maxResponseSize else {
      throw HTTPResponseDefinitionError(
        "the reply is \(size) bytes; it must fit in a buffer (tune.bufsize, \(maxResponseSize) bytes)")
    }
    return response
  }
}
