import Foundation

/// Turns the `-f` arguments into the list of files to read, in order: a file as given, a
/// directory as its `*.cfg` files in lexical order (as HAProxy does). Runs once at start-up or
/// reload, on the caller's thread.
public enum ConfigSourceFiles {
  /// Expands every path; problems (missing path, empty directory) are reported as alerts.
  public static func expand(_ paths: [String], into diagnostics: inout Diagnostics) -> [String] {
    var files: [String] = []
    if paths.isEmpty {
      diagnostics.alert("no configuration file given: name one with '-f FILE' (or a directory of *.cfg files)")
    }
    let manager = FileManager.default
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else {
        diagnostics.alert("Cannot open configuration file/directory \(path) : \(String(cString: strerror(errno)))")
        continue
      }
      guard info.st_mode & S_IFMT == S_IFDIR else {
        files.append(path)
        continue
      }
      guard let directory = opendir(path) else {
        diagnostics.alert("Cannot open configuration directory \(path) : \(String(cString: strerror(errno)))")
        continue
      }
      closedir(directory)
      let entries = (try? manager.contentsOfDirectory(atPath: path)) ?? []
      let configs = entries.filter { $0.hasSuffix(".cfg") && !$0.hasPrefix(".") }.sorted {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
      }
      let base = path.hasSuffix("/") ? path : path + "/"
      let regular = configs.map { base + $0 }.filter { entry in
        var dir: ObjCBool = false
        return manager.fileExists(atPath: entry, isDirectory: &dir) && !dir.boolValue
      }
      if regular.isEmpty {
        diagnostics.alert("configuration directory \(path) contains no *.cfg file: add one or name the file with '-f'")
      }
      files.append(contentsOf: regular)
    }
    return files
  }
}
