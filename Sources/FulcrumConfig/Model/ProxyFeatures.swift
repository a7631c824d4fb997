/// `stats ...` settings of a proxy (the stats page).
public struct StatsPage: Sendable, Equatable {
  public var enabled = false
  public var uri: String?
  public var realm: String?
  public var credentials: [String] = []
  public var refresh: TimeValue?
  public var hideVersion = false
  public var showLegends = false
  public var showNode: String?
  public var showDescription: String?
  public var scopes: [String] = []
  public var adminRules: [RuleCondition] = []
  public var httpRequestRules: [RuleStatement] = []
  public init() {}
}

/// `cookie NAME [rewrite|insert|prefix] [indirect] [nocache] [postonly] [preserve] [httponly]
/// [secure] [domain D]* [maxidle T] [maxlife T] [dynamic] [attr A]*`.
public struct CookiePersistence: Sendable, Equatable {
  public enum Method: String, Sendable { case rewrite, insert, prefix, passive }
  public var name: String
  public var method: Method = .passive
  public var indirect = false
  public var nocache = false
  public var postOnly = false
  public var preserve = false
  public var httpOnly = false
  public var secure = false
  public var domains: [String] = []
  public var maxIdle: TimeValue?
  public var maxLife: TimeValue?
  public var dynamic = false
  public var attributes: [String] = []
  public init(name: String) { self.name = name }
}

/// `stick-table type T [len N] size S [expire E] [nopurge] [peers P] [srvkey K] [store D,...]`.
public struct StickTableDefinition: Sendable, Equatable {
  public enum KeyType: String, Sendable { case ip, ipv6, integer, string, binary }
  public var type: KeyType
  public var keyLength: Int?
  public var size: Int
  public var expire: TimeValue?
  public var noPurge = false
  public var peers: String?
  public var serverKey: String?
  public var store: [String] = []
  public var location: SourceLocation
  public init(type: KeyType, size: Int, location: SourceLocation) {
    self.type = type
    self.size = size
    self.location = location
  }
}

/// `capture request header NAME len N`, `capture response header NAME len N`,
/// `capture cookie NAME len N`, `declare capture request|response len N`.
public struct Capture: Sendable, Equatable {
  public enum Kind: String, Sendable { case requestHeader, responseHeader, cookie, declaredRequest, declaredResponse }
  public var kind: Kind
  public var name: String
  public var length: Int
  public init(kind: Kind, name: String, length: Int) {
    self.kind = kind
    self.name = name
    self.length = length
  }
}

/// `compression algo ...`, `compression type ...`, `compression offload`, and their
/// `-req`/`-res` variants.
public struct CompressionSettings: Sendable, Equatable {
  public var algorithms: [String] = []
  public var types: [String] = []
  public var offload = false
  public var direction: String?
  public init() {}

  static let knownAlgorithms: Set<String> = ["identity", "gzip", "deflate", "raw-deflate"]
}

/// The health-check settings of a backend: which probe (`option httpchk`, `tcp-check`,
/// presets), what it sends and what it expects.
public struct HealthCheckSettings: Sendable, Equatable {
  public enum Probe: Sendable, Equatable {
    case tcpConnect
    case http(method: String?, uri: String?, version: String?)
    case tcpCheck
    case sslHello
    case mysql(user: String?, post41: Bool)
    case pgsql(user: String)
    case redis
    case smtp(greeting: String?, domain: String?)
    case ldap
    case external
  }
  public var probe: Probe = .tcpConnect
  public var httpCheckRules: [RuleStatement] = []
  public var tcpCheckRules: [RuleStatement] = []
  public var disableOn404 = false
  public var sendState = false
  /// `external-check command`: the program an external check runs.
  public var externalCommand: String?
  /// `external-check path`: the `PATH` the program gets (and is searched in).
  public var externalPath: String?
  /// Where `option external-check` and `external-check command` were written, for messages.
  public var externalLocation: SourceLocation?
  public var externalCommandLocation: SourceLocation?
  public init() {}
}

/// `option forwardfor [except NET] [header NAME] [if-none]` and `option originalto [except
/// NET] [header NAME]`.
public struct ForwardedHeader: Sendable, Equatable {
  public var except: String?
  public var header: String
  public var ifNone = false
  public init(header: String) { self.header = header }
}

/// `errorfile CODE FILE` (contents read at load), `errorloc CODE URL`, `errorfiles NAME
/// [CODE...]`, `http-error status CODE ...`.
public struct ErrorResponses: Sendable, Equatable {
  public var files: [Int: ErrorFile] = [:]
  /// `errorloc*`: status → (redirect code 302/303, URL).
  public var locations: [Int: ErrorLocation] = [:]
  /// `errorfiles NAME [CODE...]`: the http-errors group and the codes taken from it (empty: all).
  public var groups: [ErrorFilesReference] = []
  public var httpErrorRules: [RuleStatement] = []
  public init() {}

  /// Status codes HAProxy generates itself and whose page may be replaced.
  public static let codes: Set<Int> = [
    200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504,
  ]
}

/// An error page read from disk at load time: a complete HTTP response (head and body).
public struct ErrorFile: Sendable, Equatable {
  public var path: String
  public var contents: [UInt8]
  public init(path: String, contents: [UInt8]) {
    self.path = path
    self.contents = contents
  }
}

/// `errorloc CODE URL` / `errorloc302` / `errorloc303`: answer a status with a redirect.
public struct ErrorLocation: Sendable, Equatable {
  public var redirectCode: Int
  public var url: String
  public init(redirectCode: Int, url: String) {
    self.redirectCode = redirectCode
    self.url = url
  }
}

/// `errorfiles NAME [CODE...]`, resolved against the `http-errors` sections after loading.
public struct ErrorFilesReference: Sendable, Equatable {
  public var group: String
  public var codes: [Int]
  public var location: SourceLocation
  public init(group: String, codes: [Int], location: SourceLocation) {
    self.group = group
    self.codes = codes
    self.location = location
  }
}
