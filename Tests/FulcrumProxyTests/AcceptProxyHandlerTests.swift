import FulcrumProxy
import NIOCore
import NIOEmbedded
import Testing

/// The `accept-proxy` handler on an embedded channel: it holds bytes until the header is whole,
/// hands the announced (or the socket's) addresses to the session it builds, passes the rest on
/// and leaves; garbage, an early EOF or `timeout client` close the connection.
@Suite struct AcceptProxyHandlerTests {
  /// Stands in for the session handler: records what reaches it.
  final class Recorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var received: [String] = []
    var readCompletes = 0
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      received.append(String(buffer: unwrapInboundIn(data)))
    }
    func channelReadComplete(context: ChannelHandlerContext) { readCompletes += 1 }
  }

  final class Setup {
    let channel = EmbeddedChannel()
    let recorder = Recorder()
    var addresses: [ConnectionAddresses] = []
    let handler: AcceptProxyHandler

    init(timeout: TimeAmount? = .seconds(5), maximumLength: Int = ProxyHeaderParser.defaultMaximumLength) throws {
      var made: (ConnectionAddresses) -> any ChannelHandler = { _ in Recorder() }
      handler = AcceptProxyHandler(timeout: timeout, maximumLength: maximumLength) { made($0) }
      made = { [unowned self] addresses in
        self.addresses.append(addresses)
        return self.recorder
      }
      channel.localAddress = try SocketAddress(ipAddress: "10.0.0.1", port: 443)
      try channel.pipeline.syncOperations.addHandler(handler)
      try channel.connect(to: SocketAddress(ipAddress: "10.9.9.9", port: 50000)).wait()
    }

    func send(_ text: String) throws { try channel.writeInbound(ByteBuffer(string: text)) }
    func send(_ bytes: [UInt8]) throws { try channel.writeInbound(ByteBuffer(bytes: bytes)) }

    var handlerIsInPipeline: Bool {
      (try? channel.pipeline.syncOperations.context(handlerType: AcceptProxyHandler.self)) != nil
    }
  }

  static func socket(_ ip: String, _ port: Int) -> SocketAddress { try! SocketAddress(ipAddress: ip, port: port) }

  @Test func handsTheAnnouncedAddressesAndThePayloadOn() throws {
    let setup = try Setup()
    try setup.send("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\nHELLO")
    #expect(setup.addresses.count == 1)
    #expect(setup.addresses.first?.client == Self.socket("192.0.2.7", 40000))
    #expect(setup.addresses.first?.local == Self.socket("198.51.100.1", 443))
    #expect(setup.recorder.received == ["HELLO"])
    #expect(setup.recorder.readCompletes == 1)
    #expect(!setup.handlerIsInPipeline)
    try setup.send("MORE")
    #expect(setup.recorder.received == ["HELLO", "MORE"])
    #expect(setup.channel.isActive)
  }

  @Test func waitsForTheWholeHeaderAcrossReads() throws {
    let setup = try Setup()
    let header: [UInt8] =
      ProxyHeader.version2Signature + [0x21, 0x11, 0x00, 0x0C, 192, 0, 2, 7, 198, 51, 100, 1, 0x9C, 0x40, 0x01, 0xBB]
    for byte in header.dropLast() {
      try setup.send([byte])
      #expect(setup.addresses.isEmpty)
    }
    try setup.send([header.last!])
    #expect(setup.addresses.first?.client == Self.socket("192.0.2.7", 40000))
    #expect(setup.recorder.received.isEmpty)
    try setup.send("X")
    #expect(setup.recorder.received == ["X"])
  }

  @Test func unknownAndLocalKeepTheSocketsAddresses() throws {
    for header in [
      "PROXY UNKNOWN\r\n", String(decoding: ProxyHeader.version2Signature + [0x20, 0, 0, 0], as: UTF8.self),
    ] {
      let setup = try Setup()
      try setup.send(header)
      #expect(setup.addresses.first?.client == Self.socket("10.9.9.9", 50000))
      #expect(setup.addresses.first?.local == Self.socket("10.0.0.1", 443))
    }
  }

  @Test func garbageClosesTheConnection() throws {
    for garbage in ["GET / HTTP/1.1\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\r\n", "PROXY TCP9"] {
      let setup = try Setup()
      try setup.send(garbage)
      #expect(!setup.channel.isActive, "\(garbage)")
      #expect(setup.addresses.isEmpty)
    }
  }

  @Test func aHeaderLongerThanTheLimitClosesAtOnce() throws {
    let setup = try Setup(maximumLength: 512)
    try setup.send(ProxyHeader.version2Signature + [0x21, 0x11, 0x02, 0x00])
    #expect(!setup.channel.isActive)
  }

  @Test func anEOFBeforeTheHeaderClosesTheConnection() throws {
    let setup = try Setup()
    try setup.send("PROXY TCP4 1.2")
    setup.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    #expect(!setup.channel.isActive)
    #expect(setup.addresses.isEmpty)
  }

  @Test func timeoutClientBoundsTheWait() throws {
    let setup = try Setup(timeout: .seconds(5))
    try setup.send("PROXY TCP4 1.2")
    setup.channel.embeddedEventLoop.advanceTime(by: .milliseconds(4999))
    #expect(setup.channel.isActive)
    setup.channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
    #expect(!setup.channel.isActive)
    #expect(setup.addresses.isEmpty)
  }

  @Test func theTimerStopsOnceTheHeaderIsIn() throws {
    let setup = try Setup(timeout: .seconds(5))
    try setup.send("PROXY UNKNOWN\r\n")
    setup.channel.embeddedEventLoop.advanceTime(by: .seconds(60))
    #expect(setup.channel.isActive)
  }

  @Test func withoutTimeoutClientTheWaitIsUnbounded() throws {
    let setup = try Setup(timeout: nil)
    setup.channel.embeddedEventLoop.advanceTime(by: .hours(1))
    #expect(setup.channel.isActive)
  }
}
