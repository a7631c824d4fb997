import NIOCore

/// One server's external check (`option external-check`), compiled at start-up: the program,
/// its four arguments and its environment as HAProxy 2.6 gives them, where to search it, how
/// long it may run, and what the global section allows. Immutable; any thread.
public struct ExternalCheckPlan: Sendable, Equatable {
  /// `external-check command`, as written (it is also the program's `argv[0]`).
  public var command: String
  /// `<proxy_address> <proxy_port> <server_address> <server_port>`; `NOT_USED` where a value
  /// does not apply (a backend has no listener, a UNIX socket has no port).
  public var arguments: [String]
  /// `NAME=value` entries in HAProxy's order: `PATH`, then the `HAPROXY_PROXY_*` and
  /// `HAPROXY_SERVER_*` variables (a `NOT_USED` argument is an empty value here).
  public var environment: [String]
  /// `external-check path`: where a command without `/` is searched (HAProxy's default: "").
  public var searchPath: String
  /// Global `external-check preserve-env`: the program also gets the process environment.
  public var preservesEnvironment: Bool
  /// Global `insecure-fork-wanted`: without it, no program is started and the check fails.
  public var processCreationAllowed: Bool
  /// Global `insecure-setuid-wanted`: without it, programs run with no-new-privileges.
  public var privilegeGainAllowed: Bool
  /// Global `quiet`: the program's standard input and outputs are `/dev/null`, not the process's.
  public var silencesStandardStreams: Bool
  /// How long the program may run before it is killed: `inter`, or with `timeout check` set,
  /// the smaller of `inter` and `timeout connect` (what HAProxy 2.6 does).
  public var bound: TimeAmount

  public init(
    command: String, arguments: [String], environment: [String], searchPath: String, preservesEnvironment: Bool,
    processCreationAllowed: Bool, privilegeGainAllowed: Bool, silencesStandardStreams: Bool, bound: TimeAmount
  ) {
    self.command = command
    self.arguments = arguments
    self.environment = environment
    self.searchPath = searchPath
    self.preservesEnvironment = preservesEnvironment
    self.processCreationAllowed = processCreationAllowed
    self.privilegeGainAllowed = privilegeGainAllowed
    self.silencesStandardStreams = silencesStandardStreams
    self.bound = bound
  }

  /// HAProxy's word for an argument that does not apply.
  public static let notUsed = "NOT_USED"

  /// The variable names, in the order `environment` lists them.
  public static let variableNames = [
    "PATH", "HAPROXY_PROXY_NAME", "HAPROXY_PROXY_ID", "HAPROXY_PROXY_ADDR", "HAPROXY_PROXY_PORT",
    "HAPROXY_SERVER_NAME", "HAPROXY_SERVER_ID", "HAPROXY_SERVER_ADDR", "HAPROXY_SERVER_PORT",
    "HAPROXY_SERVER_MAXCONN", "HAPROXY_SERVER_CURCONN", "HAPROXY_SERVER_SSL", "HAPROXY_SERVER_PROTO",
  ]

  /// The environment for the given values, in `variableNames` order; `NOT_USED` becomes "".
  public static func environment(_ values: [String]) -> [String] {
    precondition(values.count == variableNames.count)
    return zip(variableNames, values).map { name, value in "\(name)=\(value == notUsed ? "" : value)" }
  }

  /// The plan with `HAPROXY_SERVER_CURCONN` set to `sessions`, the server's sessions when the
  /// program starts.
  public func withCurrentSessions(_ sessions: Int) -> ExternalCheckPlan {
    var plan = self
    let prefix = "HAPROXY_SERVER_CURCONN="
    if let index = plan.environment.firstIndex(where: { $0.hasPrefix(prefix) }) {
      plan.environment[index] = prefix + String(sessions)
    }
    return plan
  }

  /// The environment the program starts with: `environment`, or with `preservesEnvironment`
  /// the process's own (`inherited`, `NAME=value` entries) with these variables replacing
  /// any of the same name.
  public func programEnvironment(inherited: [String]) -> [String] {
    guard preservesEnvironment else { return environment }
    let own = Set(environment.map(Self.variableName))
    return inherited.filter { !own.contains(Self.variableName($0)) } + environment
  }

  static func variableName(_ entry: String) -> Substring {
    entry.prefix { $0 != "=" }
  }

  /// The files to try for `command`, in order: the command itself when it has a `/`, else
  /// each directory of `searchPath` (an empty entry is the current directory), as `execvp`
  /// searches.
  public var candidates: [String] {
    guard !command.contains("/") else { return [command] }
    return searchPath.split(separator: ":", omittingEmptySubsequences: false).map { directory in
      directory.isEmpty ? command : (directory.hasSuffix("/") ? "\(directory)\(command)" : "\(directory)/\(command)")
    }
  }
}
