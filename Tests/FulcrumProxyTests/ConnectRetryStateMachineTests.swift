import FulcrumProxy
import NIOCore
import Testing

/// `retries` and `option redispatch [interval]` as HAProxy documents them.
@Suite struct ConnectRetryStateMachineTests {
  @Test func noServerFailsAtOnce() {
    var machine = ConnectRetryStateMachine(retries: 3, redispatchInterval: nil)
    #expect(machine.start(server: nil) == .fail)
  }

  @Test func retriesTheSameServerWithoutRedispatch() {
    var machine = ConnectRetryStateMachine(retries: 2, redispatchInterval: nil)
    #expect(machine.start(server: 4) == .connect(server: 4))
    #expect(machine.connectFailed() == .connect(server: 4))
    #expect(machine.connectFailed() == .connect(server: 4))
    #expect(machine.connectFailed() == .fail)
    #expect(machine.attemptsMade == 3)
  }

  @Test func zeroRetriesGivesUpAfterTheFirstAttempt() {
    var machine = ConnectRetryStateMachine(retries: 0, redispatchInterval: -1)
    #expect(machine.start(server: 0) == .connect(server: 0))
    #expect(machine.connectFailed() == .fail)
  }

  @Test func bareRedispatchMovesOnTheLastRetryOnly() {
    var machine = ConnectRetryStateMachine(retries: 3, redispatchInterval: -1)
    #expect(machine.start(server: 1) == .connect(server: 1))
    #expect(machine.connectFailed() == .connect(server: 1))
    #expect(machine.connectFailed() == .connect(server: 1))
    #expect(machine.connectFailed() == .redispatch(avoiding: 1))
    #expect(machine.redispatched(to: 2) == .connect(server: 2))
    #expect(machine.connectFailed() == .fail)
  }

  @Test func negativeIntervalCountsBackFromTheLastRetry() {
    var machine = ConnectRetryStateMachine(retries: 3, redispatchInterval: -2)
    _ = machine.start(server: 0)
    #expect(machine.connectFailed() == .connect(server: 0))
    #expect(machine.connectFailed() == .redispatch(avoiding: 0))
    #expect(machine.redispatched(to: 1) == .connect(server: 1))
    #expect(machine.connectFailed() == .connect(server: 1))
  }

  @Test func positiveIntervalRedispatchesEveryNthRetry() {
    var machine = ConnectRetryStateMachine(retries: 4, redispatchInterval: 2)
    _ = machine.start(server: 0)
    #expect(machine.connectFailed() == .connect(server: 0))
    #expect(machine.connectFailed() == .redispatch(avoiding: 0))
    #expect(machine.redispatched(to: 1) == .connect(server: 1))
    #expect(machine.connectFailed() == .connect(server: 1))
    #expect(machine.connectFailed() == .redispatch(avoiding: 1))
  }

  @Test func intervalZeroNeverRedispatches() {
    var machine = ConnectRetryStateMachine(retries: 2, redispatchInterval: 0)
    _ = machine.start(server: 3)
    #expect(machine.connectFailed() == .connect(server: 3))
    #expect(machine.connectFailed() == .connect(server: 3))
  }

  @Test func redispatchWithNoOtherServerFails() {
    var machine = ConnectRetryStateMachine(retries: 1, redispatchInterval: 1)
    _ = machine.start(server: 0)
    #expect(machine.connectFailed() == .redispatch(avoiding: 0))
    #expect(machine.redispatched(to: nil) == .fail)
  }
}

@Suite struct ConnectRetryTurnAroundTests {
  @Test func waitsBeforeRetryingTheSameServerOnly() {
    var machine = ConnectRetryStateMachine(retries: 3, redispatchInterval: -1)
    let first = machine.start(server: 2)
    #expect(machine.delay(before: first, connectTimeout: .milliseconds(300)) == nil)
    let again = machine.connectFailed()
    #expect(again == .connect(server: 2))
    #expect(machine.delay(before: again, connectTimeout: .milliseconds(300)) == .milliseconds(300))
    #expect(machine.delay(before: again, connectTimeout: .seconds(5)) == .seconds(1))
    _ = machine.connectFailed()
    let last = machine.connectFailed()
    #expect(last == .redispatch(avoiding: 2))
    #expect(machine.delay(before: last, connectTimeout: .seconds(5)) == nil)
  }
}
