import NIOCore

/// One connection of ``MockHTTPServer``: reads an opening PROXY v1 line if there is one, then
/// requests in order (heads, then `Content-Length` or chunked bodies), records them and answers
/// per the behaviour. Runs on its channel's event loop.
final class MockHTTPHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private enum State {
    case head
    case body(MockHTTPRequest, MockHTTPServer.Behaviour, remaining: Int)
    case chunkSize(MockHTTPRequest, MockHTTPServer.Behaviour)
    case chunkData(MockHTTPRequest, MockHTTPServer.Behaviour, remaining: Int)
    case trailers(MockHTTPRequest, MockHTTPServer.Behaviour)
    /// Reading and dropping everything (never answering).
    case ignoring
    /// After 101: echo raw bytes.
    case tunnel
    case closed
  }

  private let behaviour: MockHTTPServer.Behaviour
  private let recorder: MockHTTPRecorder
  private let connection: Int
  private var state = State.head
  private var buffer = ByteBuffer()
  /// Whether the connection's first bytes were checked for a PROXY line.
  private var checkedProxyLine = false
  private var proxyLine: String?

  init(behaviour: MockHTTPServer.Behaviour, recorder: MockHTTPRecorder, connection: Int) {
    self.behaviour = behaviour
    self.recorder = recorder
    self.connection = connection
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var incoming = unwrapInboundIn(data)
    buffer.writeBuffer(&incoming)
    while step(context: context) {}
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    context.flush()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      closeAfterWrites(context: context)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    state = .closed
    context.close(promise: nil)
  }

  /// Consumes what it can from `buffer`; false when it needs more bytes.
  private func step(context: ChannelHandlerContext) -> Bool {
    switch state {
    case .closed:
      buffer.clear()
      return false
    case .ignoring:
      buffer.clear()
      return false
    case .tunnel:
      guard buffer.readableBytes > 0, let bytes = buffer.readSlice(length: buffer.readableBytes) else { return false }
      context.write(wrapOutboundOut(bytes), promise: nil)
      return false
    case .head:
      return readHead(context: context)
    case .body(var request, let behaviour, let remaining):
      let count = min(remaining, buffer.readableBytes)
      guard count > 0 || remaining == 0 else { return false }
      // Let go of the state's copy so the body grows in place (10 MB bodies).
      state = .closed
      request.body += buffer.readBytes(length: count) ?? []
      if remaining - count == 0 {
        finish(request, behaviour, context: context)
      } else {
        state = .body(request, behaviour, remaining: remaining - count)
      }
      return remaining - count == 0
    case .chunkSize(let request, let behaviour):
      guard let line = readLine() else { return false }
      let size = Int(line.split(separator: ";").first.map(String.init) ?? "", radix: 16) ?? -1
      if size < 0 { return fail(context: context) }
      state = size == 0 ? .trailers(request, behaviour) : .chunkData(request, behaviour, remaining: size + 2)
      return true
    case .chunkData(var request, let behaviour, let remaining):
      let count = min(remaining, buffer.readableBytes)
      guard count > 0 else { return false }
      state = .closed
      let bytes = buffer.readBytes(length: count) ?? []
      // The last two bytes of a chunk are its CRLF.
      let dataCount = max(0, min(count, remaining - 2))
      request.body += bytes.prefix(dataCount)
      state =
        remaining == count
        ? .chunkSize(request, behaviour) : .chunkData(request, behaviour, remaining: remaining - count)
      return true
    case .trailers(let request, let behaviour):
      guard let line = readLine() else { return false }
      if line.isEmpty { finish(request, behaviour, context: context) }
      return true
    }
  }

  /// The next line without its CRLF (or bare LF); nil until a whole line is there.
  private func readLine() -> String? {
    guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
    var line = buffer.readBytes(length: newline - buffer.readerIndex + 1) ?? []
    line.removeLast()
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    return String(decoding: line, as: UTF8.self)
  }

  private func readHead(context: ChannelHandlerContext) -> Bool {
    if !checkedProxyLine {
      let prefix = Array("PROXY ".utf8)
      let start = Array(buffer.readableBytesView.prefix(prefix.count))
      guard start == Array(prefix.prefix(start.count)) else {
        checkedProxyLine = true
        return readHead(context: context)
      }
      guard start.count == prefix.count, let line = readLine() else { return false }
      checkedProxyLine = true
      proxyLine = line
      return true
    }
    let view = buffer.readableBytesView
    guard let end = Self.endOfHead(view) else { return false }
    let text = buffer.readString(length: end - view.startIndex) ?? ""
    buffer.moveReaderIndex(forwardBy: 4)
    guard var request = MockHTTPRequest.parseHead(text, connection: connection) else { return fail(context: context) }
    request.proxyLine = proxyLine
    request.peerAddress = context.channel.remoteAddress?.ipAddress
    let chosen = Self.resolve(behaviour, for: request)
    switch chosen {
    case .closeWithoutAnswer:
      recorder.record(request)
      state = .closed
      context.close(promise: nil)
      return false
    case .garbage:
      recorder.record(request)
      state = .closed
      context.write(wrapOutboundOut(ByteBuffer(string: "garbage garbage\r\n\r\n")), promise: nil)
      closeAfterWrites(context: context)
      return false
    case .neverAnswer:
      recorder.record(request)
      state = .ignoring
      buffer.clear()
      return false
    case .switchingProtocols:
      recorder.record(request)
      state = .tunnel
      let head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
      context.write(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
      return true
    case .continueThenEcho:
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")), promise: nil)
    default: break
    }
    if request.headers("transfer-encoding").contains(where: { $0.lowercased().contains("chunked") }) {
      state = .chunkSize(request, chosen)
    } else {
      state = .body(request, chosen, remaining: Int(request.header("content-length") ?? "0") ?? 0)
    }
    return true
  }

  /// Offset (from the view's start index) of the CRLFCRLF ending the head.
  private static func endOfHead(_ view: ByteBufferView) -> Int? {
    var index = view.startIndex
    while index + 3 < view.endIndex {
      if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 { return index }
      index += 1
    }
    return nil
  }

  private static func resolve(
    _ behaviour: MockHTTPServer.Behaviour, for request: MockHTTPRequest
  )
    -> MockHTTPServer.Behaviour
  {
    if case .route(let decide) = behaviour { return resolve(decide(request), for: request) }
    return behaviour
  }

  private func fail(context: ChannelHandlerContext) -> Bool {
    state = .closed
    let reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    context.write(wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
    closeAfterWrites(context: context)
    return false
  }

  /// The request is complete: record it and answer.
  private func finish(_ request: MockHTTPRequest, _ chosen: MockHTTPServer.Behaviour, context: ChannelHandlerContext) {
    recorder.record(request)
    if case .held(let gate, let then) = chosen {
      let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      let loop = context.eventLoop
      gate.hold {
        loop.execute {
          let (handler, context) = bound.value
          guard context.channel.isActive else { return }
          handler.answer(request, then, context: context)
          context.flush()
        }
      }
      return
    }
    answer(request, chosen, context: context)
  }

  /// Writes the answer `chosen` describes.
  private func answer(_ request: MockHTTPRequest, _ chosen: MockHTTPServer.Behaviour, context: ChannelHandlerContext) {
    if case .raw(let text, let thenClose) = chosen {
      context.write(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
      if thenClose {
        state = .closed
        closeAfterWrites(context: context)
      } else {
        state = .head
      }
      return
    }
    var keepAlive = request.keepsAlive
    let reply: MockHTTPReply
    switch chosen {
    case .fixed(let status, let body, let fields):
      reply = MockHTTPReply(status: status, fields: fields + [("Content-Type", "text/plain")], body: Array(body.utf8))
    case .echo, .continueThenEcho:
      reply = MockHTTPReply(
        status: 200,
        fields: [
          ("X-Checksum", MockHTTPPayload.checksum(request.body)), ("X-Body-Length", String(request.body.count)),
        ],
        body: request.body)
    case .chunked(let count, let chunkSize):
      let body = MockHTTPPayload.bytes(count)
      reply = MockHTTPReply(
        status: 200, fields: [("X-Checksum", MockHTTPPayload.checksum(body))], body: body, chunkSize: max(1, chunkSize))
    case .large(let count):
      let body = MockHTTPPayload.bytes(count)
      reply = MockHTTPReply(status: 200, fields: [("X-Checksum", MockHTTPPayload.checksum(body))], body: body)
    case .closeAfterAnswer(let body):
      keepAlive = false
      reply = MockHTTPReply(status: 200, fields: [], body: Array(body.utf8))
    default:
      reply = MockHTTPReply(status: 500, fields: [], body: [])
    }
    context.write(
      wrapOutboundOut(reply.serialized(headRequest: request.method == "HEAD", close: !keepAlive)), promise: nil)
    if keepAlive {
      state = .head
    } else {
      state = .closed
      closeAfterWrites(context: context)
    }
  }

  /// Closes once everything written so far is out.
  private func closeAfterWrites(context: ChannelHandlerContext) {
    let drained = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: drained)
    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
    drained.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
  }
}

/// A response of the mock server, serialised on demand. Value; any thread.
struct MockHTTPReply {
  var status: Int
  var fields: [(String, String)]
  var body: [UInt8]
  /// Chunk size when the body is sent chunked; nil for `Content-Length`.
  var chunkSize: Int?

  func serialized(headRequest: Bool, close: Bool) -> ByteBuffer {
    var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
    for (name, value) in fields { head += "\(name): \(value)\r\n" }
    head += chunkSize == nil ? "Content-Length: \(body.count)\r\n" : "Transfer-Encoding: chunked\r\n"
    if close { head += "Connection: close\r\n" }
    head += "\r\n"
    var buffer = ByteBuffer(string: head)
    guard !headRequest else { return buffer }
    guard let chunkSize else {
      buffer.writeBytes(body)
      return buffer
    }
    var offset = 0
    while offset < body.count {
      let end = min(offset + chunkSize, body.count)
      buffer.writeString(String(end - offset, radix: 16) + "\r\n")
      buffer.writeBytes(body[offset..<end])
      buffer.writeString("\r\n")
      offset = end
    }
    buffer.writeString("0\r\n\r\n")
    return buffer
  }
}
