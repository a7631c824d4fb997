import FulcrumProxy
import NIOCore
import NIOEmbedded
import Testing

/// The relay pair on two embedded channels: bytes forwarded untouched, back-pressure by
/// holding `read()`, close propagation, activity counting.
@Suite struct TCPRelayHandlerTests {
  /// Counts the `read()` calls that reach the head of a pipeline.
  final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var reads = 0
    func read(context: ChannelHandlerContext) {
      reads += 1
      context.read()
    }
  }

  struct Pair {
    let client: EmbeddedChannel
    let server: EmbeddedChannel
    let clientReads: ReadCounter
    let activity: SessionActivity
  }

  func makePair() throws -> Pair {
    let activity = SessionActivity()
    let (clientHalf, serverHalf) = TCPRelayHandler.matchedPair(activity: activity)
    let counter = ReadCounter()
    let client = EmbeddedChannel()
    try client.pipeline.syncOperations.addHandler(counter)
    try client.pipeline.syncOperations.addHandler(clientHalf)
    let server = EmbeddedChannel(handler: serverHalf)
    return Pair(client: client, server: server, clientReads: counter, activity: activity)
  }

  @Test func bytesAreForwardedAndFlushedOnReadComplete() throws {
    let pair = try makePair()
    // Nothing is flushed before the read burst completes.
    pair.client.pipeline.fireChannelRead(ByteBuffer(string: "hello"))
    #expect(try pair.server.readOutbound(as: ByteBuffer.self) == nil)
    pair.client.pipeline.fireChannelReadComplete()
    #expect(try pair.server.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
    try pair.server.writeInbound(ByteBuffer(string: "world"))  // read, then read complete
    #expect(try pair.client.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "world"))
    #expect(pair.activity.bursts == 2)
  }

  @Test func readIsHeldWhileThePartnerIsNotWritable() throws {
    let pair = try makePair()
    pair.client.read()
    #expect(pair.clientReads.reads == 1)
    pair.server.isWritable = false
    pair.client.read()
    #expect(pair.clientReads.reads == 1)
    pair.server.isWritable = true
    pair.server.pipeline.fireChannelWritabilityChanged()
    #expect(pair.clientReads.reads == 2)
  }

  @Test func closingOneSideClosesThePartner() throws {
    let pair = try makePair()
    try pair.client.close().wait()
    #expect(!pair.server.isActive)
  }

  @Test func anErrorClosesBothSides() throws {
    let pair = try makePair()
    struct Boom: Error {}
    pair.server.pipeline.fireErrorCaught(Boom())
    #expect(!pair.server.isActive)
    #expect(!pair.client.isActive)
  }
}
