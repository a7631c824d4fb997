extension ConfigCompiler {
  /// What `option external-check` needs, as HAProxy 2.6 checks it after parsing (whether or
  /// not a server has `check`): the global `external-check`, an `external-check command`, a
  /// command with a leading `/` unless `external-check path` is set to search it; and a
  /// warning when `insecure-fork-wanted` is missing, without which no check program starts.
  mutating func checkExternalCheck(_ proxy: Proxy) {
    let settings = proxy.healthCheck
    guard case .external = settings.probe else { return }
    let location = settings.externalLocation ?? proxy.location
    let name = "\(proxy.kind.rawValue) '\(proxy.name)'"
    if !global.externalCheck {
      diagnostics.alert(
        "\(name): 'option external-check' needs 'external-check' in the global section, which allows check programs",
        at: location)
    }
    if let command = settings.externalCommand {
      if !command.hasPrefix("/") && settings.externalPath == nil {
        diagnostics.alert(
          "\(name): 'external-check command \(command)' does not have a leading '/' and 'external-check path' is not set: give the full path, or set the path to search",
          at: settings.externalCommandLocation ?? location)
      }
    } else {
      diagnostics.alert(
        "\(name): 'option external-check' needs 'external-check command' naming the program to run", at: location)
    }
    if !global.insecureForkWanted {
      diagnostics.warning(
        "\(name): 'insecure-fork-wanted' not enabled in the global section, 'option external-check' will fail: without it no check program is started",
        at: location)
    }
  }
}
