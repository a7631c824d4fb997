import Foundation

extension GlobalKeywords {
  static func tlsDefaults(
    _ side: String, _ key: any WritableKeyPath<GlobalSettings, TLSDefaults> & Sendable
  ) -> [GlobalKeyword] {
    let base = "ssl-default-\(side)"
    let lists: [(String, String, any WritableKeyPath<TLSDefaults, String?> & Sendable)] = [
      ("ciphers", "an OpenSSL cipher list", \.ciphers),
      ("ciphersuites", "a TLS 1.3 cipher-suite list", \.ciphersuites),
      ("curves", "a curve list", \.curves),
      ("sigalgs", "a signature-algorithm list", \.sigalgs),
      ("client-sigalgs", "a signature-algorithm list", \.clientSigalgs),
    ]
    return lists.map { suffix, usage, field in
      GlobalKeyword("\(base)-\(suffix)", .pending(.tls)) { global, input throws(ConfigError) in
        try input.expectArguments(1...1, usage)
        global[keyPath: key][keyPath: field] = input.args[0]
      }
    } + [
      GlobalKeyword("\(base)-options", .pending(.tls)) { global, input throws(ConfigError) in
        let known: Set<String> = [
          "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-tls-tickets", "force-sslv3",
          "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "ssl-min-ver", "ssl-max-ver",
          "prefer-client-ciphers", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3",
        ]
        for word in input.args where !known.contains(word) {
          throw ConfigError(
            "'\(base)-options' does not know '\(word)'\(KeywordSuggestion.hint(for: word, among: known))")
        }
        global[keyPath: key].options = input.args
      }
    ]
  }

  static let tls: [GlobalKeyword] =
    tlsDefaults("bind", \.sslDefaultBind) + tlsDefaults("server", \.sslDefaultServer) + [
      GlobalKeyword("ssl-server-verify", .pending(.tls)) { global, input throws(ConfigError) in
        try input.expectArguments(1...1, "'none' or 'required'")
        guard ["none", "required"].contains(input.args[0]) else {
          throw ConfigError("'ssl-server-verify' expects 'none' or 'required'")
        }
        global.sslServerVerify = input.args[0]
      },
      text("ssl-dh-param-file", .pending(.tls), \.sslDHParamFile),
      number("tune.ssl.default-dh-param", .pending(.tls), 1024...16384, \.sslDefaultDHParam),
    ]

  /// `tune.*` keywords: each takes a number, a size or a time, stored by name.
  static let tuning: [GlobalKeyword] = {
    enum Kind { case number, size, time }
    let entries: [(String, Kind, Milestone)] = [
      ("tune.bufsize", .size, .dataPlane), ("tune.maxrewrite", .size, .dataPlane),
      ("tune.http.maxhdr", .number, .dataPlane), ("tune.http.cookielen", .number, .observability),
      ("tune.http.logurilen", .number, .observability), ("tune.maxaccept", .number, .dataPlane),
      ("tune.maxpollevents", .number, .dataPlane), ("tune.recv_enough", .size, .dataPlane),
      ("tune.rcvbuf.client", .size, .dataPlane), ("tune.rcvbuf.server", .size, .dataPlane),
      ("tune.sndbuf.client", .size, .dataPlane), ("tune.sndbuf.server", .size, .dataPlane),
      ("tune.idletimer", .time, .dataPlane), ("tune.pipesize", .size, .dataPlane),
      ("tune.runqueue-depth", .number, .dataPlane), ("tune.pattern.cache-size", .number, .rules),
      ("tune.ssl.cachesize", .number, .tls), ("tune.ssl.lifetime", .time, .tls),
      ("tune.ssl.maxrecord", .size, .tls), ("tune.ssl.capture-buffer-size", .size, .tls),
      ("tune.ssl.ssl-ctx-cache-size", .number, .tls), ("tune.h2.header-table-size", .size, .dataPlane),
      ("tune.h2.initial-window-size", .size, .dataPlane), ("tune.h2.max-concurrent-streams", .number, .dataPlane),
      ("tune.h2.max-frame-size", .size, .dataPlane), ("tune.comp.maxlevel", .number, .compression),
      ("tune.zlib.memlevel", .number, .compression), ("tune.zlib.windowsize", .number, .compression),
      ("tune.vars.global-max-size", .size, .rules), ("tune.vars.proc-max-size", .size, .rules),
      ("tune.vars.reqres-max-size", .size, .rules), ("tune.vars.sess-max-size", .size, .rules),
      ("tune.vars.txn-max-size", .size, .rules), ("tune.stick-counters", .number, .persistence),
      ("tune.chksize", .size, .balancing), ("tune.max-checks-per-thread", .number, .balancing),
      ("tune.pool-high-fd-ratio", .number, .dataPlane), ("tune.pool-low-fd-ratio", .number, .dataPlane),
      ("tune.idle-pool.shared", .number, .dataPlane), ("tune.fd.edge-triggered", .number, .dataPlane),
    ]
    // Acted on by the data plane: the HTTP head limits, the kernel buffers of client and
    // server sockets, and how many connections a listener accepts per wake-up.
    let served: Set<String> = [
      "tune.bufsize", "tune.maxrewrite", "tune.http.maxhdr", "tune.rcvbuf.client", "tune.rcvbuf.server",
      "tune.sndbuf.client", "tune.sndbuf.server", "tune.maxaccept",
    ]
    return entries.map { name, kind, milestone in
      GlobalKeyword(name, served.contains(name) ? .implemented : .pending(milestone)) {
        global, input throws(ConfigError) in
        try input.expectArguments(1...1, "a value")
        let word = input.args[0]
        switch kind {
        case .number:
          if name == "tune.idle-pool.shared" || name == "tune.fd.edge-triggered" {
            guard word == "on" || word == "off" else { throw ConfigError("'\(name)' expects 'on' or 'off'") }
            global.tune[name] = word == "on" ? 1 : 0
          } else if name == "tune.maxaccept" {
            // -1: no limit.
            global.tune[name] = try input.integer(word, in: -1...Int(Int32.max))
          } else {
            global.tune[name] = try input.integer(word, in: 0...Int(Int32.max))
          }
        case .size: global.tune[name] = try input.size(word)
        case .time: global.tune[name] = try input.time(word).milliseconds
        }
        if name == "tune.bufsize", let size = global.tune[name], size < 1024 {
          throw ConfigError("'tune.bufsize' must be at least 1024 bytes (16384 is the default)")
        }
      }
    }
  }()

  static let legacy: [GlobalKeyword] = [
    GlobalKeyword("nbproc", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a number of processes")
      let count = try input.integer(input.args[0], in: 1...4096)
      input.warn("'nbproc' was removed from HAProxy in 2.5; Fulcrum uses threads: treated as 'nbthread \(count)'")
      if global.nbthread == nil, count > 1 { global.nbthread = count }
    },
    GlobalKeyword("h1-case-adjust", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(2...2, "a lower-case header name and its spelling")
      try addCaseAdjustment(input.args[0], input.args[1], to: &global.h1CaseAdjust, context: "'h1-case-adjust'")
    },
    GlobalKeyword("h1-case-adjust-file", .implemented) { global, input throws(ConfigError) in
      try input.expectArguments(1...1, "a file of header names and their spellings")
      global.h1CaseAdjustFile = try readCaseAdjustments(input.args[0])
    },
    GlobalKeyword("debug", .implemented) { _, input throws(ConfigError) in
      input.warn("'debug' in the global section is deprecated; use '-d' on the command line")
    },
  ]
}

extension GlobalKeywords {
  /// One `h1-case-adjust` pair, checked as HAProxy checks it: the two names may differ only in
  /// case, and a name is listed once.
  static func addCaseAdjustment(
    _ from: String, _ to: String, to table: inout [String: String], context: String
  ) throws(ConfigError) {
    let key = from.lowercased()
    guard key == to.lowercased() else {
      throw ConfigError("\(context): '\(from)' and '\(to)' must differ only in case")
    }
    guard table[key] == nil else { throw ConfigError("\(context): duplicate entry '\(key)'") }
    table[key] = to
  }

  /// The pairs of an `h1-case-adjust-file`, read at load: two names per line; empty lines and
  /// lines starting with `#` are skipped, surrounding blanks stripped.
  static func readCaseAdjustments(_ path: String) throws(ConfigError) -> [String: String] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(
        "'h1-case-adjust-file': cannot read '\(path)': check the path (relative paths start from the working directory)"
      )
    }
    var table: [String: String] = [:]
    for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let first = words.first, !first.hasPrefix("#") else { continue }
      let context = "'h1-case-adjust-file' \(path):\(index + 1)"
      guard words.count == 2 else { throw ConfigError("\(context): expects two header names, found \(words.count)") }
      try addCaseAdjustment(String(words[0]), String(words[1]), to: &table, context: context)
    }
    return table
  }
}
