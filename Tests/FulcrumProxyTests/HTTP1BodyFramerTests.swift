import FulcrumProxy
import NIOCore
import Testing

@Suite struct HTTP1BodyFramerTests {
  typealias M = HTTP1TestMessages

  @Test func contentLengthCountsDownAcrossReads() {
    var framer = HTTP1BodyFramer(framing: .contentLength(10), side: .request)
    #expect(!framer.isComplete)
    #expect(framer.consume(M.bytes("abcd").span) == .body(count: 4))
    #expect(framer.consume(M.bytes("").span) == .body(count: 0))
    #expect(framer.consume(M.bytes("efghijGET /").span) == .end(count: 6))
    #expect(framer.isComplete)
    #expect(framer.consume(M.bytes("more").span) == .end(count: 0))
  }

  @Test func emptyBodiesEndAtOnce() {
    for framing in [HTTP1BodyFraming.empty, .contentLength(0)] {
      var framer = HTTP1BodyFramer(framing: framing, side: .response)
      #expect(framer.isComplete)
      #expect(framer.consume(M.bytes("HTTP/1.1").span) == .end(count: 0))
    }
  }

  @Test func untilCloseAndTunnelsTakeEverything() {
    for framing in [HTTP1BodyFraming.untilClose, .tunnel] {
      var framer = HTTP1BodyFramer(framing: framing, side: .response)
      #expect(framer.consume(M.bytes("anything\r\n0\r\n\r\n").span) == .body(count: 15))
      #expect(!framer.isComplete)
    }
  }

  @Test func chunkedThroughByteBuffers() {
    var framer = HTTP1BodyFramer(framing: .chunked, side: .request)
    #expect(framer.consume(ByteBuffer(string: "4\r\nwi")) == .body(count: 5))
    #expect(framer.consume(ByteBuffer(string: "ki\r\n0\r\n")) == .body(count: 7))
    #expect(framer.consume(ByteBuffer(string: "\r\nNEXT")) == .end(count: 2))
    #expect(framer.isComplete)
    var bad = HTTP1BodyFramer(framing: .chunked, side: .response)
    guard case .invalid(let error) = bad.consume(ByteBuffer(string: "4\nwiki")) else {
      Issue.record("accepted")
      return
    }
    #expect(error.status == 502)
    #expect(bad.consume(ByteBuffer(string: "0\r\n\r\n")) == .invalid(error))
  }
}
