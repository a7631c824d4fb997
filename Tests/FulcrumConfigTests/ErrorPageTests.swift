import FulcrumConfig
import FulcrumTestSupport
import Testing

/// `errorfile` pages are read at load time (a missing file is an alert), `http-errors`
/// sections group them, and `errorfiles` must name a declared group.
@Suite struct ErrorPageTests {
  static let page = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n\r\n<h1>down</h1>\n"

  @Test func errorfileIsReadAtLoad() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("503.http", Self.page)
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
        frontend fe
          bind :80
          errorfile 503 \(path)
          errorloc 403 https://example.com/forbidden
          errorloc303 404 /missing
          http-error status 429 content-type text/plain string slow-down
          default_backend be
        backend be
          server s1 127.0.0.1:80
        """)
    #expect(result.alertTexts.isEmpty)
    let errors = try #require(result.proxy("fe")?.errors)
    #expect(errors.files[503] == ErrorFile(path: path, contents: Array(Self.page.utf8)))
    #expect(errors.locations[403] == ErrorLocation(redirectCode: 302, url: "https://example.com/forbidden"))
    #expect(errors.locations[404] == ErrorLocation(redirectCode: 303, url: "/missing"))
    #expect(errors.httpErrorRules.map(\.arguments.first) == ["429"])
  }

  @Test func errorfileInDefaultsIsInherited() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("502.http", Self.page)
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
          errorfile 502 \(path)
        backend be
          server s1 127.0.0.1:80
        """)
    #expect(result.alertTexts.isEmpty)
    #expect(result.proxy("be")?.errors.files[502]?.path == path)
  }

  @Test func missingOrWrongErrorfileIsAnAlert() throws {
    let directory = try TemporaryDirectory()
    let large = try directory.write("large.http", String(repeating: "x", count: 70_000))
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
        backend be
          errorfile 503 \(directory.path)/absent.http
          errorfile 503 \(directory.path)
          errorfile 302 \(large)
          errorfile 503 \(large)
          errorfile 503
          server s1 127.0.0.1:80
        """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:7] : errorfile for status 503: cannot read '\(directory.path)/absent.http': check the path (relative paths start from the working directory)",
        "parsing [t.cfg:8] : errorfile for status 503: cannot read '\(directory.path)': check the path (relative paths start from the working directory)",
        "parsing [t.cfg:9] : 'errorfile': status code '302' cannot be customised; use one of 200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504",
        "parsing [t.cfg:10] : errorfile '\(large)' is 70000 bytes; an error page must fit in a buffer (at most 65536 bytes)",
        "parsing [t.cfg:11] : 'errorfile' expects a status code and a file name",
      ])
    #expect(result.proxy("be")?.errors.files.isEmpty == true)
  }

  @Test func httpErrorsSectionAndErrorfilesReference() throws {
    let directory = try TemporaryDirectory()
    let p503 = try directory.write("503.http", Self.page)
    let p504 = try directory.write("504.http", Self.page.replacingOccurrences(of: "503", with: "504"))
    let result = TestLoad.text(
      TestLoad.httpDefaults + """
        http-errors site
          errorfile 503 \(p503)
          errorfile 504 \(p504)
        backend be
          errorfiles site 503
          errorfiles site
          server s1 127.0.0.1:80
        backend other
          errorfiles nosuch
        """)
    #expect(result.configuration.httpErrorGroups["site"].map { Set($0.keys) } == [503, 504])
    let groups = try #require(result.proxy("be")?.errors.groups)
    #expect(groups.map(\.group) == ["site", "site"])
    #expect(groups.map(\.codes) == [[503], []])
    #expect(result.alertTexts == ["parsing [t.cfg:14] : errorfiles: no 'http-errors nosuch' section is declared"])
  }

  @Test func httpErrorsSectionMistakes() throws {
    let directory = try TemporaryDirectory()
    let p503 = try directory.write("503.http", Self.page)
    let result = TestLoad.text(
      """
      http-errors site
        errorfile 503 \(p503)
        errorloc 503 /x
        errorfile 999 \(p503)
      http-errors site
      http-errors
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:3] : unknown keyword 'errorloc' in 'http-errors' section: only 'errorfile CODE FILE' is allowed",
        "parsing [t.cfg:4] : 'errorfile': status code '999' cannot be customised; use one of 200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504",
        "parsing [t.cfg:5] : http-errors section 'site' is declared twice",
        "parsing [t.cfg:6] : 'http-errors' needs a name",
      ])
  }
}
