import FulcrumConfig
import FulcrumProxy
import FulcrumRuntime
import FulcrumTestSupport
import NIOCore
import Testing

/// What the runtime compiles from a configuration, and what it refuses to serve yet.
@Suite struct ServingPlanTests {
  func plan(_ text: String) throws(RuntimeError) -> ServingPlan {
    let loaded = ConfigLoader(environment: [:], resolver: StaticHostResolver(literals: ["app.local": ["192.0.2.7"]]))
      .load(text: text)
    #expect(loaded.isValid(), "\(loaded.diagnostics.alerts)")
    return try ServingPlan.build(loaded.configuration)
  }

  /// A `global` section of `lines` and the mode tcp defaults.
  static func defaults(global lines: String) -> String {
    "global\n\(lines)\ndefaults\n    mode tcp\n    timeout connect 3s\n    timeout client 40s\n    timeout server 30s\n"
  }

  static let defaults = """
    global
        maxconn 500
        nbthread 3
    defaults
        mode tcp
        timeout connect 3s
        timeout client 40s
        timeout server 30s

    """

  @Test func compilesListenersServersTimeoutsAndLimits() throws {
    let built = try plan(
      Self.defaults + """
        frontend db
            bind 127.0.0.1:5433,127.0.0.1:6000-6001
            maxconn 50
            backlog 64
            default_backend pg
        backend pg
            retries 5
            option redispatch
            server p1 192.0.2.1:5432
            server p2 app.local:5432
            server p3 192.0.2.3:5432 backup
            server p4 192.0.2.4:5432 disabled

        """)
    #expect(built.globalMaxconn == 500)
    #expect(built.threads == 3)
    let frontend = try #require(built.frontends.first)
    #expect(frontend.listenAddresses.compactMap(\.port) == [5433, 6000, 6001])
    #expect(frontend.maxconn == 50)
    #expect(frontend.listeners.map(\.backlog) == [64, 64, 64])
    // Every server, in declaration order: the balancing decides which take traffic.
    #expect(frontend.session.servers.map(\.name) == ["p1", "p2", "p3", "p4"])
    #expect(frontend.balancing.members.map(\.isBackup) == [false, false, true, false])
    #expect(frontend.balancing.members.map(\.isInitiallyUp) == [true, true, true, false])
    #expect(frontend.session.servers[1].address == (try SocketAddress(ipAddress: "192.0.2.7", port: 5432)))
    #expect(frontend.session.connectTimeout == .seconds(3))
    #expect(frontend.session.idleTimeout == .seconds(30))
    #expect(frontend.session.retries == 5)
    #expect(frontend.session.redispatchInterval == -1)
  }

  @Test func tunnelTimeoutSupersedesClientAndServer() throws {
    let built = try plan(
      Self.defaults + "listen ws\n    bind :9000\n    timeout tunnel 1h\n    server s 192.0.2.1:80\n")
    #expect(built.frontends[0].session.idleTimeout == .seconds(3600))
  }

  @Test func backupsAreUsedOnlyWithoutActives() throws {
    let built = try plan(Self.defaults + "listen l\n    bind :9000\n    server b 192.0.2.9:80 backup\n")
    #expect(built.frontends[0].session.servers.map(\.name) == ["b"])
    #expect(built.frontends[0].balancing.members.map(\.isBackup) == [true])
  }

  @Test func listenersCarryTheirBindOptions() throws {
    let built = try plan(
      Self.defaults + """
        frontend f
            bind 127.0.0.1:80,[::]:81 accept-proxy v6only backlog 7
            bind [::]:82 v4v6
            bind unix@/run/f.sock mode 660 uid 123 gid 456
            bind abns@f,fd@5
            backlog 64
            default_backend b
        backend b
            server s1 192.0.2.1:80 send-proxy
            server s2 192.0.2.2:80 send-proxy-v2
            server s3 192.0.2.3:80 send-proxy send-proxy-v2
            server s4 192.0.2.4:80

        """)
    let listeners = built.frontends[0].listeners
    #expect(listeners.map(\.acceptProxy) == [true, true, false, false, false, false])
    #expect(listeners.map(\.ipv6Only) == [true, true, false, nil, nil, nil])
    #expect(listeners.map(\.backlog) == [7, 7, 64, 64, 64, 64])
    #expect(listeners[3].endpoint == .unixPath("/run/f.sock"))
    #expect(listeners[3].unixPermissions == ServingPlan.UnixSocketPermissions(mode: 0o660, owner: 123, group: 456))
    #expect(listeners[5].endpoint == .inheritedSocket(5))
    #expect(listeners[0].label == "'bind 127.0.0.1:80,[::]:81' (haproxy.cfg:10)")
    #expect(built.frontends[0].clientTimeout == .seconds(40))
    #expect(built.frontends[0].session.servers.map(\.sendProxy) == [.v1, .v2, .v2, nil])
  }

  @Test func refusesWhatItCannotServeYet() {
    let cases: [(String, String)] = [
      (
        "listen l\n    mode http\n    bind :80\n    http-request deny if { src 10.0.0.0/8 }\n    server s 192.0.2.1:80\n",
        "conditions are not evaluated yet"
      ),
      (
        "frontend f\n    bind :80\n    use_backend b if { src 10.0.0.0/8 }\nbackend b\n    server s 192.0.2.1:80\n",
        "condition"
      ),
      ("frontend f\n    bind sockpair@3\n    default_backend b\nbackend b\n    server s 192.0.2.1:80\n", "sockpair@"),
      (
        "listen l\n    bind unix@/run/l.sock user no-such-user-here\n    server s 192.0.2.1:80\n",
        "unknown user name 'no-such-user-here'"
      ),
      ("frontend f\n    bind :80\nbackend b\n    server s 192.0.2.1:80\n", "default_backend"),
      ("listen l\n    bind :80\n    server s 192.0.2.1\n", "fixed port"),
      ("backend b\n    server s 192.0.2.1:80\n", "nothing to serve"),
    ]
    for (body, expected) in cases {
      #expect {
        _ = try plan(Self.defaults + body)
      } throws: { error in
        (error as? RuntimeError)?.message.contains(expected) == true
      }
    }
  }

  /// The client side takes `clitcpka`/`tcpka` and the `clitcpka-*` tuning from the frontend,
  /// the server side `srvtcpka`/`tcpka` and `srvtcpka-*` from the backend; `nolinger` each
  /// from its own section.
  @Test func socketTuningOfEachSide() throws {
    let built = try plan(
      Self.defaults + """
        frontend fe
            bind 127.0.0.1:5433
            option clitcpka
            clitcpka-idle 1m
            default_backend be
        backend be
            option tcpka
            option nolinger
            srvtcpka-cnt 5
            srvtcpka-intvl 10
            server s1 192.0.2.1:5432

        """)
    let frontend = try #require(built.frontends.first)
    #expect(frontend.clientSocket == SocketTuning(keepAlive: true, keepAliveIdle: 60))
    #expect(
      frontend.session.serverSocket
        == SocketTuning(keepAlive: true, keepAliveCount: 5, keepAliveInterval: 10, noLinger: true))
    let plain = try plan(Self.defaults + "listen l\n    bind 127.0.0.1:1\n    server s1 192.0.2.1:1\n")
    #expect(try #require(plain.frontends.first).clientSocket.isEmpty)
    #expect(try #require(plain.frontends.first).session.serverSocket.isEmpty)
  }

  /// `option tcp-smart-connect` holds the handshake's ACK for the request in mode http only,
  /// where a request always follows the connect.
  @Test func tcpSmartConnectInModeHTTP() throws {
    let text = { (mode: String) in
      Self.defaults.replacingOccurrences(of: "mode tcp", with: "mode \(mode)")
        + "listen l\n    bind 127.0.0.1:1\n    option tcp-smart-connect\n    server s1 192.0.2.1:1\n"
    }
    let http = try #require(try plan(text("http")).frontends.first)
    #expect(http.http?.serverSocket.delaysConnectAck == true)
    let tcp = try #require(try plan(text("tcp")).frontends.first)
    #expect(tcp.session.serverSocket.delaysConnectAck == false)
  }

  /// `maxconnrate` and `maxsessrate` count the same accepted connections: the lower governs;
  /// `rate-limit sessions` is per frontend, 0 meaning none.
  @Test func connectionRatesCompile() throws {
    let built = try plan(
      Self.defaults(global: "    maxconnrate 300\n    maxsessrate 200")
        + """
        listen a
            bind 127.0.0.1:7001
            rate-limit sessions 10
            server s 192.0.2.1:80
        listen b
            bind 127.0.0.1:7002
            rate-limit sessions 0
            server s 192.0.2.1:80
        """)
    #expect(built.globalConnectionRate == 200)
    #expect(built.frontends.map(\.sessionRate) == [10, nil])
    let unlimited = try plan(Self.defaults + "listen c\n    bind 127.0.0.1:7003\n    server s 192.0.2.1:80\n")
    #expect(unlimited.globalConnectionRate == nil)
  }

  /// `tfo` reaches the server; `proto` other than h1 (or any in mode tcp) is refused.
  @Test func serverFastOpenAndProto() throws {
    let built = try plan(Self.defaults + "listen a\n    bind 127.0.0.1:7001\n    server s 192.0.2.1:80 tfo\n")
    #expect(built.frontends[0].session.servers[0].fastOpen)
    #expect(throws: RuntimeError.self) {
      try plan(Self.defaults + "listen a\n    bind 127.0.0.1:7001\n    server s 192.0.2.1:80 proto h2\n")
    }
  }

  /// `unix-bind`: the prefix goes before every unix path, and its mode and owners apply
  /// unless the `bind` line sets its own.
  @Test func unixBindDefaultsApplyToUnixListeners() throws {
    let built = try plan(
      Self.defaults(global: "    unix-bind prefix /run/lb/ mode 600 uid 10 gid 20")
        + """
        listen a
            bind unix@a.sock
            bind unix@b.sock mode 660 uid 30
            bind 127.0.0.1:7001
            server s 192.0.2.1:80
        """)
    let listeners = built.frontends[0].listeners
    #expect(listeners.map(\.socketAddress?.pathname) == ["/run/lb/a.sock", "/run/lb/b.sock", nil])
    #expect(listeners[0].unixPermissions == ServingPlan.UnixSocketPermissions(mode: 0o600, owner: 10, group: 20))
    #expect(listeners[1].unixPermissions == ServingPlan.UnixSocketPermissions(mode: 0o660, owner: 30, group: 20))
    #expect(listeners[2].unixPermissions == nil)
  }

  /// `tune.rcvbuf|sndbuf.client|server` go to each side's sockets; `tune.maxaccept` to the
  /// listeners (-1: no limit).
  @Test func socketBuffersAndMaxAcceptCompile() throws {
    let built = try plan(
      """
      global
          tune.rcvbuf.client 8192
          tune.sndbuf.server 16384
          tune.maxaccept -1
      defaults
          mode http
          timeout connect 3s
          timeout client 40s
          timeout server 30s
      listen a
          bind 127.0.0.1:7001
          server s 192.0.2.1:80
      """)
    let frontend = built.frontends[0]
    #expect(frontend.clientSocket.receiveBuffer == 8_192)
    #expect(frontend.clientSocket.sendBuffer == nil)
    #expect(frontend.session.serverSocket.sendBuffer == 16_384)
    #expect(frontend.http?.serverSocket.sendBuffer == 16_384)
    #expect(built.maxAccept == Int(Int32.max))
  }
}
