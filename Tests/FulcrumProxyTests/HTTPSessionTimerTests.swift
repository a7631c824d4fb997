import FulcrumProxy
import NIOCore
import Testing

@Suite struct HTTPSessionTimerTests {
  // With a 1 s tick every timeout below is a whole number of ticks; each fires one tick after
  // that number, because the first tick after a phase starts (or activity stops) may come at
  // once: a timeout never fires early.
  let tick = TimeAmount.seconds(1)

  func timer(_ timeouts: HTTPTimeouts) -> HTTPSessionTimer {
    HTTPSessionTimer(timeouts: timeouts, tick: tick)
  }

  /// Ticks until the timer expires, with `activity` moving as `busy` says; returns the tick
  /// count and the expiry.
  func run(
    _ timer: inout HTTPSessionTimer, busy: (Int) -> Bool = { _ in false }, upTo limit: Int = 100
  ) -> (
    Int, HTTPSessionTimer.Expiry?
  ) {
    var activity: UInt64 = 0
    for count in 1...limit {
      if busy(count) { activity += 1 }
      if let expiry = timer.tick(activity: activity) { return (count, expiry) }
    }
    return (limit, nil)
  }

  @Test func firstRequestWaitsForHTTPRequestTimeoutEvenWithTraffic() {
    var timer = timer(HTTPTimeouts(client: .seconds(30), httpRequest: .seconds(5)))
    timer.enter(.waitingFirstRequest, activity: 0)
    // Bytes trickling in do not extend a head's deadline (slowloris).
    let (ticks, expiry) = run(&timer, busy: { _ in true })
    #expect(ticks == 6)
    #expect(expiry == .request)
  }

  @Test func headFallsBackToClientTimeout() {
    var timer = timer(HTTPTimeouts(client: .seconds(7)))
    timer.enter(.readingHead, activity: 0)
    #expect(run(&timer) == (8, .request))
  }

  @Test func keepAliveIdleUsesHTTPKeepAliveThenHTTPRequest() {
    var timer = timer(HTTPTimeouts(client: .seconds(30), httpRequest: .seconds(5), httpKeepAlive: .seconds(2)))
    timer.enter(.waitingNextRequest, activity: 0)
    #expect(run(&timer) == (3, .keepAlive))
    var fallback = self.timer(HTTPTimeouts(client: .seconds(30), httpRequest: .seconds(5)))
    fallback.enter(.waitingNextRequest, activity: 0)
    #expect(run(&fallback) == (6, .keepAlive))
  }

  @Test func serverTimeoutCountsInactivity() {
    var timer = timer(HTTPTimeouts(client: .seconds(30), server: .seconds(3)))
    timer.enter(.waitingResponse, activity: 0)
    // Activity on ticks 1-4 keeps it waiting; then 3 quiet ticks and one more expire it.
    let (ticks, expiry) = run(&timer, busy: { $0 <= 4 })
    #expect(ticks == 8)
    #expect(expiry == .server)
  }

  @Test func transferUsesTheSmallerOfClientAndServer() {
    var timer = timer(HTTPTimeouts(client: .seconds(4), server: .seconds(9)))
    timer.enter(.transferring, activity: 0)
    #expect(run(&timer) == (5, .inactivity))
  }

  @Test func tunnelUsesTunnelTimeout() {
    var timer = timer(HTTPTimeouts(client: .seconds(2), server: .seconds(2), tunnel: .seconds(6)))
    timer.enter(.tunnel, activity: 0)
    #expect(run(&timer) == (7, .inactivity))
  }

  @Test func enteringAPhaseRestartsTheCount() {
    var timer = timer(HTTPTimeouts(client: .seconds(3)))
    timer.enter(.readingHead, activity: 0)
    #expect(timer.tick(activity: 0) == nil)
    #expect(timer.tick(activity: 0) == nil)
    timer.enter(.readingHead, activity: 0)
    #expect(run(&timer) == (4, .request))
  }

  @Test func noTimeoutNeverExpires() {
    var timer = timer(HTTPTimeouts())
    timer.enter(.waitingResponse, activity: 0)
    #expect(run(&timer).1 == nil)
    timer.enter(.none, activity: 0)
    #expect(run(&timer).1 == nil)
  }

  @Test func tickIsAQuarterOfTheSmallestTimeout() {
    #expect(HTTPTimeouts(client: .seconds(30), httpRequest: .seconds(4)).tick == .seconds(1))
    #expect(HTTPTimeouts().tick == nil)
  }
}
