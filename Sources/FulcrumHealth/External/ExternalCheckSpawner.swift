import CFulcrumProcess

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts one external check program with `posix_spawn`: the command searched as `execvp`
/// would in the check's `PATH` (not the process's), HAProxy's arguments and environment, its
/// own process group (so an overrun kills whatever it started too), default signal handling
/// and an empty signal mask, and no descriptor but standard input and outputs (those are
/// `/dev/null` under `quiet`). Called only on the launcher's thread: it may block briefly.
enum ExternalCheckSpawner {
  enum Spawned {
    case started(pid_t)
    case failed(ExternalCheckExit.Ending)
  }

  /// The child's pid, or why it did not start.
  static func spawn(_ plan: ExternalCheckPlan) -> Spawned {
    let inherited = plan.preservesEnvironment ? currentEnvironment() : []
    let environment = plan.programEnvironment(inherited: inherited)
    let arguments = [plan.command] + plan.arguments

    var attributes = posix_spawnattr_t()
    var actions = posix_spawn_file_actions_t()
    posix_spawnattr_init(&attributes)
    posix_spawn_file_actions_init(&actions)
    defer {
      posix_spawnattr_destroy(&attributes)
      posix_spawn_file_actions_destroy(&actions)
    }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var everySignal = sigset_t()
    sigfillset(&everySignal)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &everySignal)
    posix_spawnattr_setpgroup(&attributes, 0)
    let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    posix_spawnattr_setflags(&attributes, Int16(flags))
    if plan.silencesStandardStreams {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    // Descriptors Fulcrum did not mark close-on-exec (an inherited `fd@` listener) stay out.
    _ = cfulcrum_spawn_add_close_from(&actions, 3)

    var lastError: Int32 = ENOENT
    var sawDenied = false
    for candidate in plan.candidates {
      if !plan.command.contains("/") && access(candidate, X_OK) != 0 {
        if errno == EACCES { sawDenied = true }
        continue
      }
      var pid: pid_t = 0
      let result = withCStrings(arguments) { argv in
        withCStrings(environment) { envp in
          posix_spawn(&pid, candidate, &actions, &attributes, argv, envp)
        }
      }
      if result == 0 { return .started(pid) }
      if result == EAGAIN || result == ENOMEM { return .failed(.notCreated(result)) }
      lastError = result
      // As execvp: a file that cannot be executed here does not stop the search.
      if result != ENOENT && result != ENOTDIR && result != EACCES { break }
      if result == EACCES { sawDenied = true }
    }
    return .failed(.notExecuted(sawDenied && lastError == ENOENT ? EACCES : lastError))
  }

  /// The process environment as `NAME=value` entries.
  static func currentEnvironment() -> [String] {
    var entries: [String] = []
    var cursor = environ
    while let entry = cursor.pointee {
      entries.append(String(cString: entry))
      cursor += 1
    }
    return entries
  }

  /// Calls `body` with a NULL-terminated array of C strings copied from `strings`.
  static func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
  ) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}
