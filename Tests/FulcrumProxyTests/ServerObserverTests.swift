import FulcrumProxy
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// `observe` counting and the `on-marked-down`/`on-marked-up` session registry, without
/// sockets: outcomes go in, limits come out; registered channels are `EmbeddedChannel`s.
@Suite struct ServerObserverTests {
  @Test func layersCountAsHAProxyDoes() {
    #expect(ObservedOutcome.connected.verdict(.layer4) == .success)
    #expect(ObservedOutcome.connected.verdict(.layer7) == .ignored)
    #expect(ObservedOutcome.connectFailed.verdict(.layer4) == .error)
    #expect(ObservedOutcome.connectFailed.verdict(.layer7) == .error)
    #expect(ObservedOutcome.wrongStatus.verdict(.layer4) == .ignored)
    #expect(ObservedOutcome.wrongStatus.verdict(.layer7) == .error)
    #expect(ObservedOutcome.validResponse.verdict(.layer7) == .success)
    for status in [100, 200, 404, 499, 501, 505] { #expect(ObservedOutcome.response(status: status) == .validResponse) }
    for status in [500, 502, 503, 504, 506, 599, 600] {
      #expect(ObservedOutcome.response(status: status) == .wrongStatus)
    }
  }

  final class Reports: Sendable {
    let lines = NIOLockedValueBox<[String]>([])
    func record(_ server: Int, _ count: Int, _ last: String) {
      lines.withLockedValue { $0.append("\(server) \(count) \(last)") }
    }
    var all: [String] { lines.withLockedValue { $0 } }
  }

  @Test func consecutiveErrorsReachTheLimitOnceAndStartAgain() {
    let reports = Reports()
    let settings = ServerObservationSettings(servers: [
      .init(observe: .layer7, errorLimit: 3), .init(),
    ])
    let counters = ObservedErrorCounters(limits: [3, 10]) { reports.record($0, $1, $2) }
    let observer = ServerObserver(settings: settings, counters: counters)
    observer.record(.wrongStatus, on: 0)
    observer.record(.wrongStatus, on: 0)
    observer.record(.validResponse, on: 0)
    #expect(counters.consecutiveErrors(on: 0) == 0)
    observer.record(.wrongStatus, on: 0)
    observer.record(.connected, on: 0)  // layer7: a connection alone ends no run
    observer.record(.connectFailed, on: 0)
    #expect(reports.all.isEmpty)
    observer.record(.readTimeout, on: 0)
    #expect(reports.all == ["0 3 Read timeout (http)"])
    #expect(counters.consecutiveErrors(on: 0) == 0)
    // A server without `observe` counts nothing.
    for _ in 0..<20 { observer.record(.connectFailed, on: 1) }
    #expect(counters.consecutiveErrors(on: 1) == 0)
    #expect(reports.all.count == 1)
  }

  static func connected() throws -> EmbeddedChannel {
    let channel = EmbeddedChannel()
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    return channel
  }

  @Test func markedDownServerLosesItsSessionsOnly() throws {
    let settings = ServerObservationSettings(servers: [
      .init(shutdownSessionsOnDown: true), .init(),
    ])
    let observer = ServerObserver(settings: settings, counters: ObservedErrorCounters(limits: [10, 10]) { _, _, _ in })
    #expect(observer.registersSessions(on: 0))
    #expect(!observer.registersSessions(on: 1))
    let first = try Self.connected()
    let second = try Self.connected()
    let gone = try Self.connected()
    observer.register(first, on: 0)
    observer.register(second, on: 0)
    observer.register(gone, on: 0)
    observer.unregister(ObjectIdentifier(gone), on: 0)
    #expect(observer.registeredSessions(on: 0) == 2)
    // A change that is not a fall (weight, still up) cuts nothing.
    observer.serverChanged(0, isUp: true, weight: 5)
    #expect(first.isActive && second.isActive)
    observer.serverChanged(0, isUp: false, weight: 1)
    #expect(!first.isActive && !second.isActive)
    #expect(gone.isActive)
    #expect(observer.registeredSessions(on: 0) == 0)
    _ = try gone.finish()
  }

  @Test func activeServerComingUpEndsBackupSessions() throws {
    let settings = ServerObservationSettings(servers: [
      .init(shutdownBackupSessionsOnUp: true, isInitiallyUp: false), .init(isBackup: true), .init(isBackup: true),
    ])
    let observer = ServerObserver(
      settings: settings, counters: ObservedErrorCounters(limits: [10, 10, 10]) { _, _, _ in })
    #expect(!observer.registersSessions(on: 0))
    #expect(observer.registersSessions(on: 1) && observer.registersSessions(on: 2))
    let onBackup = try Self.connected()
    let onOtherBackup = try Self.connected()
    observer.register(onBackup, on: 1)
    observer.register(onOtherBackup, on: 2)
    // Up with weight 0 (drained) is not "up" for HAProxy's on-marked-up.
    observer.serverChanged(0, isUp: true, weight: 0)
    #expect(onBackup.isActive)
    observer.serverChanged(0, isUp: false, weight: 0)
    observer.serverChanged(0, isUp: true, weight: 1)
    #expect(!onBackup.isActive && !onOtherBackup.isActive)
  }
}
