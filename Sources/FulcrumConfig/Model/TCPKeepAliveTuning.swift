/// One side's TCP keep-alive tuning (`clitcpka-cnt|idle|intvl`, `srvtcpka-cnt|idle|intvl`): the
/// socket options `TCP_KEEPCNT`, `TCP_KEEPIDLE` and `TCP_KEEPINTVL`, applied where keep-alive
/// is enabled (`option clitcpka`, `srvtcpka`, `tcpka`); unset fields keep the system's
/// `net.ipv4.tcp_keepalive_*` values.
public struct TCPKeepAliveTuning: Sendable, Equatable {
  /// Probes sent before the connection is dropped.
  public var count: Int?
  /// Idle time before the first probe (whole seconds).
  public var idle: TimeValue?
  /// Time between probes (whole seconds).
  public var interval: TimeValue?

  public init(count: Int? = nil, idle: TimeValue? = nil, interval: TimeValue? = nil) {
    self.count = count
    self.idle = idle
    self.interval = interval
  }
}
