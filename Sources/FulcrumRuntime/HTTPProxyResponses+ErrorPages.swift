import FulcrumConfig
import FulcrumProxy

extension HTTPProxyResponses {
  /// The statuses `proxy` replaces and their pages, laid over `inherited` (a frontend's, for a
  /// backend). Order, as far as the model keeps it: `errorfiles` groups in the order written
  /// (a later one wins), then `errorfile`, `errorloc*` and `http-error`, which replace a group's
  /// page. Those three are kept in separate tables without their order, so two of them for the
  /// same status are refused rather than guessed.
  static func errorReplacements(
    of proxy: Proxy, in configuration: FulcrumConfiguration, inherited: [Int: HTTPPreparedResponse],
    readFile: @escaping FileReader
  ) throws(RuntimeError) -> [Int: HTTPPreparedResponse] {
    let label = "\(proxy.kind.rawValue) '\(proxy.name)'"
    let errors = proxy.errors
    let limits = limits(configuration.global)
    var pages = inherited
    do throws(HTTPResponseDefinitionError) {
      for reference in errors.groups {
        guard let files = configuration.httpErrorGroups[reference.group] else {
          throw HTTPResponseDefinitionError(
            "'errorfiles \(reference.group)' (\(reference.location)): no such 'http-errors' section")
        }
        let codes = reference.codes.isEmpty ? files.keys.sorted() : reference.codes
        for code in codes {
          guard let file = files[code] else { continue }
          pages[code] = try HTTPErrorFile.response(
            contents: file.contents, path: file.path, replacing: code, limits: limits)
        }
      }
      try refuseAmbiguous(errors)
      for (code, file) in errors.files {
        pages[code] = try HTTPErrorFile.response(
          contents: file.contents, path: file.path, replacing: code, limits: limits)
      }
      for (code, location) in errors.locations {
        pages[code] = try HTTPPreparedResponse.redirect(location.redirectCode, to: location.url)
      }
    } catch {
      throw RuntimeError("\(label): \(error.message)")
    }
    for rule in errors.httpErrorRules {
      let text = (["http-error", rule.action] + rule.arguments).joined(separator: " ")
      guard let code = rule.arguments.first.flatMap({ Int($0) }) else {
        throw RuntimeError("\(label): '\(text)' (\(rule.location)): expected 'status CODE'")
      }
      let compiler = replyCompiler(HTTPErrorPages(replacements: pages), configuration, readFile)
      do throws(HTTPResponseDefinitionError) {
        switch try compiler.compile(Array(rule.arguments.dropFirst()), kind: .httpError(status: code)) {
        case .response(let response): pages[code] = response
        case .defaultPage: pages[code] = inherited[code]
        }
      } catch {
        throw RuntimeError("\(label): '\(text)' (\(rule.location)): \(error.message)")
      }
    }
    return pages
  }

  private static func refuseAmbiguous(_ errors: ErrorResponses) throws(HTTPResponseDefinitionError) {
    var ruleCodes = Set<Int>()
    for rule in errors.httpErrorRules {
      if let code = rule.arguments.first.flatMap({ Int($0) }) { ruleCodes.insert(code) }
    }
    for code in HTTPErrorPages.replaceableStatuses {
      let kinds = [
        errors.files[code] != nil ? "errorfile" : nil, errors.locations[code] != nil ? "errorloc" : nil,
        ruleCodes.contains(code) ? "http-error" : nil,
      ].compactMap { $0 }
      if kinds.count > 1 {
        throw HTTPResponseDefinitionError(
          "status \(code) is replaced by both \(kinds.map { "'\($0)'" }.joined(separator: " and ")) (one may come from 'defaults'); Fulcrum does not track which came last, so keep only one"
        )
      }
    }
  }
}
