import NIOCore
import NIOEmbedded
import Testing

@testable import FulcrumProxy

/// How many idle connections to a server a pool keeps: one always, more only as far as recent
/// traffic needed at once (haproxy 2.6's estimate, moved at each purge), plus `pool-low-conn`.
@Suite struct HTTPIdleBudgetTests {
  /// Clients that each send one request and close never reuse a connection: one idle
  /// connection is kept, each next one is closed.
  @Test func oneRequestClientsKeepOneIdleConnection() {
    var budget = HTTPIdleBudget()
    var idle = 0
    for _ in 0..<100 {
      budget.opened(idle: idle)
      if budget.keeps(idle: idle) { idle += 1 } else { budget.closed() }
    }
    #expect(idle == 1)
    #expect(budget.open == 1)
  }

  /// Ten exchanges at once, ended together: before any purge one is kept; once a purge has
  /// seen the peak of ten, all ten are.
  @Test func theEstimateFollowsThePeakAtEachPurge() {
    var budget = HTTPIdleBudget()
    func burst() -> Int {
      var idle = 0
      for _ in 0..<10 { budget.opened(idle: idle) }
      var kept = 0
      for _ in 0..<10 {
        if budget.keeps(idle: idle) {
          idle += 1
          kept += 1
        } else {
          budget.closed()
        }
      }
      for _ in 0..<idle { budget.closed() }
      return kept
    }
    #expect(burst() == 1)
    budget.purged(idle: 0)
    #expect(budget.estimatedNeed == 10)
    #expect(burst() == 10)
    // Quieter traffic: the estimate comes down halfway at each purge, never below the peak.
    budget.purged(idle: 0)
    #expect(budget.estimatedNeed == 10)
    budget.opened(idle: 0)
    budget.closed()
    budget.purged(idle: 0)
    #expect(budget.estimatedNeed == 5)
  }

  @Test func poolLowConnKeepsThatManyMore() {
    var budget = HTTPIdleBudget(lowConnections: 2)
    var idle = 0
    for _ in 0..<10 {
      budget.opened(idle: idle)
      if budget.keeps(idle: idle) { idle += 1 } else { budget.closed() }
    }
    #expect(idle == 3)
  }

  /// Taking an idle connection counts as using it: the peak sees it.
  @Test func takenConnectionsCountAsUsed() {
    var budget = HTTPIdleBudget()
    budget.opened(idle: 0)
    budget.opened(idle: 0)
    budget.taken(idle: 0)
    #expect(budget.peakUsed == 2)
    budget.purged(idle: 2)
    #expect(budget.estimatedNeed == 2)
    #expect(budget.peakUsed == 0)
  }
}
