import FulcrumProxy
import NIOCore
import NIOEmbedded
import Testing

/// `AcceptLimiter` with rate limits, on an embedded channel whose loop time is the limiter's
/// clock: once a second's worth of connections is in, the listener's reads are held, and a
/// timer lets them go again when the rate has room.
@Suite struct AcceptLimiterRateTests {
  @Test func readsAreHeldWhileTheRateIsFullAndResumeWhenItHasRoom() throws {
    let loop = EmbeddedEventLoop()
    let listener = EmbeddedChannel(loop: loop)
    let counter = TCPRelayHandlerTests.ReadCounter()
    let rate = SharedEventRate(limit: 2)
    let limiter = AcceptLimiter(
      limits: [], rates: [rate], clock: { Int64(loop.now.uptimeNanoseconds) })
    try listener.pipeline.syncOperations.addHandler(counter)
    try listener.pipeline.syncOperations.addHandler(limiter)
    func accept() throws {
      listener.read()
      try listener.writeInbound(EmbeddedChannel(loop: loop) as any Channel)
    }
    try accept()
    try accept()
    #expect(counter.reads == 2)
    // Two this second: the third read waits.
    listener.read()
    #expect(counter.reads == 2)
    loop.advanceTime(by: .milliseconds(500))
    #expect(counter.reads == 2)
    // The period ends: its two now weigh fully, and room comes as the new period goes on.
    loop.advanceTime(by: .milliseconds(500))
    #expect(counter.reads == 2)
    loop.advanceTime(by: .milliseconds(500))
    #expect(counter.reads == 3)
    _ = try listener.finish()
  }

  @Test func withoutRatesReadsPassAtOnce() throws {
    let listener = EmbeddedChannel()
    let counter = TCPRelayHandlerTests.ReadCounter()
    try listener.pipeline.syncOperations.addHandler(counter)
    try listener.pipeline.syncOperations.addHandler(AcceptLimiter(limits: []))
    for _ in 0..<5 { listener.read() }
    #expect(counter.reads == 5)
    _ = try listener.finish()
  }
}
