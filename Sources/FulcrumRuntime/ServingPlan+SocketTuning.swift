import FulcrumConfig
import FulcrumProxy

extension ServingPlan {
  /// A frontend's client sockets, as HAProxy 2.6 sets them on accept: keep-alive with
  /// `option clitcpka` or `tcpka` (tuned by `clitcpka-*`), a reset on close with `nolinger`,
  /// `tune.rcvbuf.client` and `tune.sndbuf.client`.
  static func clientSocket(of frontend: Proxy, global: GlobalSettings = GlobalSettings()) -> SocketTuning {
    var tuning = socketTuning(
      keepAlive: !frontend.flags.isDisjoint(with: [.clientTCPKeepAlive, .tcpKeepAlive]), frontend.clientKeepAlive,
      noLinger: frontend.flags.contains(.noLinger))
    tuning.receiveBuffer = global.tune["tune.rcvbuf.client"]
    tuning.sendBuffer = global.tune["tune.sndbuf.client"]
    return tuning
  }

  /// A backend's server sockets: keep-alive with `option srvtcpka` or `tcpka` (tuned by
  /// `srvtcpka-*`), a reset on close with `nolinger`, `tune.rcvbuf.server` and
  /// `tune.sndbuf.server`.
  static func serverSocket(of backend: Proxy, global: GlobalSettings = GlobalSettings()) -> SocketTuning {
    var tuning = socketTuning(
      keepAlive: !backend.flags.isDisjoint(with: [.serverTCPKeepAlive, .tcpKeepAlive]), backend.serverKeepAlive,
      noLinger: backend.flags.contains(.noLinger))
    tuning.receiveBuffer = global.tune["tune.rcvbuf.server"]
    tuning.sendBuffer = global.tune["tune.sndbuf.server"]
    return tuning
  }

  private static func socketTuning(keepAlive: Bool, _ tuning: TCPKeepAliveTuning, noLinger: Bool) -> SocketTuning {
    func seconds(_ time: TimeValue?) -> Int32? { time.map { Int32(clamping: $0.milliseconds / 1000) } }
    guard keepAlive else { return SocketTuning(noLinger: noLinger) }
    return SocketTuning(
      keepAlive: true, keepAliveCount: tuning.count.map { Int32(clamping: $0) }, keepAliveIdle: seconds(tuning.idle),
      keepAliveInterval: seconds(tuning.interval), noLinger: noLinger)
  }
}
