import FulcrumCore

/// The text of `-v` and `-vv`, in the shape of HAProxy's so scripts that grep it keep working.
enum VersionReport {
  static var short: String {
    "Fulcrum version \(FulcrumBuild.version) \(FulcrumBuild.releaseDate) - haproxy.cfg dialect \(FulcrumBuild.dialectVersion)\n"
  }

  static var long: String {
    short + """

      Build options :
        Swift 6

      Feature list : \(FulcrumBuild.features.map { "+" + $0 }.joined(separator: " "))

      Available polling systems :
            epoll : pref=300,  test result OK

      """
  }
}
