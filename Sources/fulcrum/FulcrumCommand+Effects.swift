import FulcrumConfig

extension FulcrumCommand {
  /// `-n`, `-N` and `-dI`, applied to the configuration after the files.
  var overrides: CommandLineOverrides {
    CommandLineOverrides(globalMaxconn: globalMaxconn, defaultProxyMaxconn: defaultMaxconn, insecureFork: insecureFork)
  }

  /// The flags given that this build accepts but does not act on yet, each with what it would
  /// do and the milestone that brings it: HAProxy's spellings keep working in scripts, and the
  /// operator is told, as for a configuration keyword not acted on yet.
  var flagsNotActedOn: [String] {
    var flags: [(String, String, Milestone)] = []
    if debug {
      flags.append(("-d", "it stays in the foreground, but does not show incoming and outgoing events", .observability))
    }
    if daemon { flags.append(("-D", "the process stays in the foreground", .processManagement)) }
    if masterWorker || masterWorkerSystemd {
      flags.append((masterWorkerSystemd ? "-Ws" : "-W", "no master process is started", .processManagement))
    }
    if !masterCLI.isEmpty { flags.append(("-S", "no master CLI is bound", .runtimeAPI)) }
    // haproxy 2.6 writes the pid file only as a daemon or a master: in the foreground, as
    // Fulcrum runs, it writes none either.
    if pidFile != nil, daemon || masterWorker || masterWorkerSystemd {
      flags.append(("-p", "no pid file is written", .processManagement))
    }
    if !softStopPIDs.isEmpty { flags.append(("-sf", "the old processes are not told to finish", .runtimeAPI)) }
    if !hardStopPIDs.isEmpty { flags.append(("-st", "the old processes are not told to stop", .runtimeAPI)) }
    if socketServer != nil { flags.append(("-x", "listening sockets are not taken over", .runtimeAPI)) }
    if localPeer != nil { flags.append(("-L", "there are no peers to name this one for", .persistence)) }
    return flags.map { flag, effect, milestone in
      "'\(flag)' is accepted but not yet acted on (\(effect)): it arrives with \(milestone.rawValue)"
    }
  }
}
