import FulcrumCore
import NIOCore

extension HTTPSessionHandler {
  /// Processes the client bytes in `inbound` as far as the current phase allows: parses a head,
  /// starts its exchange, forwards or drops body bytes, and stops at a request's end (the next
  /// pipelined request waits until this response is done).
  func driveRequest() {
    guard !drivingRequest else { return }
    drivingRequest = true
    defer { drivingRequest = false }
    while inbound.readableBytes > 0 {
      switch requestPhase {
      case .head:
        if timer.phase == .waitingFirstRequest || timer.phase == .waitingNextRequest {
          timer.enter(.readingHead, activity: activity.bursts)
        }
        switch requestParser.parse(inbound, into: &request) {
        case .needMoreBytes:
          return
        case .invalid(let error):
          // `option disable-h2-upgrade`: the HTTP/2 preface is a request with the method PRI,
          // which HAProxy refuses with 400. (Without it HAProxy would speak HTTP/2, which
          // Fulcrum does not: 505.)
          let refusedPreface = error.reason == .http2Preface && settings.refusesHTTP2Upgrade
          fail(status: refusedPreface ? 400 : error.status)
          return
        case .complete(let length):
          let head = inbound.readSlice(length: length)!
          beginRequest(head: head)
        }
      case .body, .discard:
        switch requestBody.consume(inbound) {
        case .body(let count):
          let part = inbound.readSlice(length: count)!
          if requestPhase == .body { sendToServer(part) }
          if bufferingBody { bodyBuffered(count, ended: false) }
        case .end(let count):
          let part = inbound.readSlice(length: count)!
          if requestPhase == .body, count > 0 { sendToServer(part) }
          requestEnded()
          if bufferingBody { bodyBuffered(count, ended: true) }
        case .invalid(let error):
          fail(status: error.status)
          return
        }
      case .tunnel:
        sendToServer(inbound.readSlice(length: inbound.readableBytes)!)
      case .done, .closed:
        // A pipelined request waits for the current response.
        return
      }
    }
  }

  /// A complete head is in `head`: answer it locally, or choose a server and forward it.
  private func beginRequest(head: ByteBuffer) {
    requestBody = HTTP1BodyFramer(framing: request.framing, side: .request, limits: settings.limits)
    clientKeepAlive = clientKeepAlive && request.isKeepAlive && settings.connectionMode != .close
    requestPhase = requestBody.isComplete ? .done : .body
    if request.headers.upgradeIndex != nil, HTTPWebSocketKey.isInvalidUpgrade(request, in: head.readableBytesUInt8Span)
    {
      fail(status: 400)
      return
    }
    if let monitor = settings.monitorURI, monitor.matches(request, in: head) {
      answerLocally(settings.errorPages.page(for: 200))
      return
    }
    if let answer = settings.immediateResponse?.response {
      answerLocally(answer)
      return
    }
    responsePhase = .head
    retry = ConnectRetryStateMachine(retries: settings.retries, redispatchInterval: settings.redispatchInterval)
    requestHead = head
    let buffers =
      requestPhase == .body && (settings.buffersRequest || (settings.bodyParameter != nil && request.method == .post))
    // While buffering, Fulcrum answers `100-continue` itself and the server is not asked.
    continueAnswered = buffers && request.headers.expectsContinue && request.version != .http10
    forwardHead(head)
    if buffers {
      startBuffering(head: head)
      return
    }
    timer.enter(.waitingResponse, activity: activity.bursts)
    assignServer(excluding: nil)
  }

  /// `option http-buffer-request`: the body is read (into the bytes waiting for the server)
  /// until it ends or a buffer's worth (`tune.bufsize` less `tune.maxrewrite`, head included)
  /// is in, and only then is a server chosen, so a slow client holds no server connection.
  /// `timeout http-request` keeps running over it (408), as in HAProxy. A client that expects
  /// `100 Continue` gets it from Fulcrum, as HAProxy sends it, or it would wait for nothing.
  private func startBuffering(head: ByteBuffer) {
    bufferingBody = true
    exchange.bufferedBytes = head.readableBytes
    exchange.bodyPartsStart = pendingToServer.count
    if continueAnswered {
      clientNeedsFlush = true
      context?.write(NIOAny(HTTPSessionHandler.continueLine), promise: nil)
    }
    if exchange.bufferedBytes >= settings.limits.maxHeadLength { endBuffering() }
  }

  /// `count` more body bytes were read while buffering; `ended`: the body is complete.
  private func bodyBuffered(_ count: Int, ended: Bool) {
    exchange.bufferedBytes &+= count
    if ended || exchange.bufferedBytes >= settings.limits.maxHeadLength { endBuffering() }
  }

  private func endBuffering() {
    bufferingBody = false
    timer.enter(.waitingResponse, activity: activity.bursts)
    assignServer(excluding: nil)
  }

  /// The interim response Fulcrum sends itself while buffering a body.
  static let continueLine = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")

  /// Asks the selector for a server slot, with the part of the request its algorithm hashes,
  /// and goes on with its answer: connect, wait in the queue, or 503.
  func assignServer(excluding failed: Int?) {
    let kind = selector.requestKey
    let head = requestHead
    let bytes = head.readableBytesUInt8Span
    var range = 0..<0
    switch kind {
    case .target:
      range = request.targetRange
      if let parameter = settings.bodyParameter, request.method == .post,
        let target = head.getBytes(at: head.readerIndex + range.lowerBound, length: range.count),
        let key = parameter.key(target: target, body: bufferedBody())
      {
        // `check_post`: the value found in the body, as a query string the selector hashes.
        let assignment = key.withUnsafeBufferPointer { key in
          selector.assignServer(client: clientAddress, requestKey: key.span, excluding: failed, waiter: self)
        }
        goOn(with: assignment)
        return
      }
    case .header(let name):
      if let index = request.headers.firstIndex(lowercasedName: name, in: bytes) {
        range = request.headers.fields[index].valueRange
      }
    case .none:
      break
    }
    let assignment = selector.assignServer(
      client: clientAddress, requestKey: bytes.extracting(range), excluding: failed, waiter: self)
    goOn(with: assignment)
  }

  /// The body bytes buffered for `check_post` (the parts after the head), joined.
  private func bufferedBody() -> [UInt8] {
    var body: [UInt8] = []
    for part in pendingToServer.dropFirst(exchange.bodyPartsStart) { body += part.readableBytesView }
    return body
  }

  /// Goes on with the selector's answer: connect, wait in the queue, or 503.
  private func goOn(with assignment: ServerAssignment) {
    switch assignment {
    case .server(let index):
      slotAssigned(index)
    case .queued(let ticket):
      claim.wait(with: ticket)
      timer.enter(.queued, activity: activity.bursts)
    case .noServer, .queueFull:
      fail(status: 503)
    }
  }

  /// A slot on `index` is held for the exchange: connect, as a first attempt or a redispatch.
  private func slotAssigned(_ index: Int) {
    claim.hold(index)
    if let redirect = settings.servers[index].redirect, redirect.applies(to: request) {
      // `redir`: the server is named in a 302 rather than connected to; both sides close.
      releaseSlot()
      releaseServer(reusable: false)
      writeToClient(redirect.response(to: request, in: requestHead))
      closeClientWhenDrained()
      return
    }
    perform(retry.attemptsMade == 0 ? retry.start(server: index) : retry.redispatched(to: index))
  }

  /// Gives up the exchange's claim on a server: its place in a queue, or its slot.
  func releaseSlot() {
    // A grant racing this arrives later and is handed back (see `queueGranted`).
    claim.release(to: selector)
    if registration != nil { unregisterFromObserver() }
  }

  /// The queue granted the exchange a slot on `index`; one no longer wanted goes back.
  public func queueGranted(server index: Int, ticket: any ServerQueueTicket) {
    guard claim.settle(ticket), context != nil, !closing else {
      selector.connectionEnded(on: index)
      return
    }
    timer.enter(.waitingResponse, activity: activity.bursts)
    slotAssigned(index)
  }

  /// The server the exchange queued on went down: choose again.
  public func queueRedispatched(ticket: any ServerQueueTicket) {
    guard claim.settle(ticket), context != nil, !closing else { return }
    timer.enter(.waitingResponse, activity: activity.bursts)
    assignServer(excluding: nil)
  }

  /// Answers the current request with `answer` (its body, if any, is read and dropped).
  private func answerLocally(_ answer: HTTPPreparedResponse) {
    let form = answer.form(requestKeepsAlive: clientKeepAlive, clientIsHTTP10: request.version == .http10)
    if form == .close { clientKeepAlive = false }
    writeToClient(answer.bytes(form, headOnly: request.method == .head))
    if requestPhase == .body {
      requestPhase = .discard
    } else {
      finishExchange()
    }
  }

  /// Queues the request head for the server with the edits the connection handling needs.
  func forwardHead(_ original: ByteBuffer) {
    // `h1-case-adjust` for a bogus server: listed names respelled (a copy, same offsets).
    let head = settings.serverNameCase.flatMap { $0.adjusted(original, fields: request.headers.fields) } ?? original
    let upgrade = request.headers.connection.contains(.upgrade) && request.headers.upgradeIndex != nil
    // The server connection is kept or closed on its own terms, whatever the client asked: a
    // client's `Connection: close` is not the server's business (HAProxy does the same).
    // `option http-pretend-keepalive` says so even when the connection closes after this one.
    let serverKeep = (settings.connectionMode == .keepAlive || settings.pretendsKeepAlive) && !upgrade
    let needed = HTTPConnectionHeader.needed(version: request.version, keep: serverKeep, upgrade: upgrade)
    let framing = request.headers.needsFramingRewrite
    let forwarding = forwardingLines.fields(for: request, in: head)
    if !framing, forwarding == nil, !continueAnswered,
      HTTPConnectionHeader.alreadySays(needed, headers: request.headers, version: request.version)
    {
      sendToServer(head)
      return
    }
    // As HAProxy: the forwarding fields at the end of the head, `Connection` last, and no
    // `Expect` once Fulcrum has answered it.
    let expect: HTTP1HeadRewriter.Removal = continueAnswered ? .expect : []
    if framing {
      // Rare (repeated or listed framing fields): one small buffer with the canonical line.
      var lines = forwarding ?? ByteBuffer()
      HTTPSessionHandler.writeFramingLine(request.framing, into: &lines)
      sendToServerRewritten(
        head, removing: [.hopByHop, .framing, expect], upgrade: upgrade, added: lines, ending: needed.ending)
      return
    }
    sendToServerRewritten(
      head, removing: [.hopByHop, expect], upgrade: upgrade, added: forwarding, ending: needed.ending)
  }

  private func sendToServerRewritten(
    _ head: ByteBuffer, removing: HTTP1HeadRewriter.Removal, upgrade: Bool, added: ByteBuffer?, ending: ByteBuffer
  ) {
    HTTP1HeadRewriter.rewrite(
      head, headers: request.headers, removing: removing, keepUpgrade: upgrade, added: added, ending: ending
    ) {
      sendToServer($0)
    }
  }

  /// The canonical framing field replacing repeated or listed ones.
  static func writeFramingLine(_ framing: HTTP1BodyFraming, into buffer: inout ByteBuffer) {
    switch framing {
    case .contentLength(let length):
      buffer.writeStaticString("Content-Length: ")
      buffer.writeString(String(length))
      buffer.writeStaticString("\r\n")
    case .chunked:
      buffer.writeStaticString("Transfer-Encoding: chunked\r\n")
    default:
      break
    }
  }

  /// The request body has been read completely.
  private func requestEnded() {
    if requestPhase == .discard {
      requestPhase = .done
      finishExchange()
      return
    }
    requestPhase = .done
  }

  /// Answers the current request with an error page and closes the client connection; a
  /// response already begun cannot be replaced, so then the connection just closes.
  func fail(status: Int) {
    bufferingBody = false
    releaseSlot()
    releaseServer(reusable: false)
    if responseStarted || clientClosing {
      abort()
      return
    }
    // As HAProxy: a 5xx of the proxy's own keeps the client connection when the request was
    // read whole; a request that could not be read (400, 408, …) ends it with the built-in page.
    let unread = status < 500
    let page = unread ? settings.errorPages.pageForUnreadRequest(status: status) : settings.errorPages.page(for: status)
    let keepAsked = !unread && requestPhase == .done && clientKeepAlive && !clientInputClosed
    let form = page.form(requestKeepsAlive: keepAsked, clientIsHTTP10: request.version == .http10)
    writeToClient(page.bytes(form, headOnly: !unread && request.method == .head))
    if form != .close {
      finishExchange()
      // A timer, a connect failure or the server's close can get here outside a read burst,
      // where no `channelReadComplete` would flush the page.
      flushClient()
    } else {
      closeClientWhenDrained()
    }
  }

  /// The exchange is over on both sides: release the server and wait for the next request, or
  /// close.
  func finishExchange() {
    releaseSlot()
    releaseServer(reusable: serverReusable, sessionEnds: !clientKeepAlive || clientInputClosed)
    exchanges &+= 1
    // Holding no reference to the read buffers lets each channel's receive allocator reuse its
    // buffer for the next read instead of allocating one (a returned exchange holds none).
    if inbound.readableBytes == 0 { inbound = HTTPSessionHandler.noBytes }
    responsePhase = .none
    responseStarted = false
    guard clientKeepAlive, !clientInputClosed else {
      closeClientWhenDrained()
      return
    }
    requestPhase = .head
    timer.enter(.waitingNextRequest, activity: activity.bursts)
    if inbound.readableBytes > 0 {
      exchange.recycle()
      driveRequest()
    } else {
      // Idle until the next request: the exchange goes back to the loop's pool (which resets
      // it) and the next request takes one, so an idle client holds none.
      returnExchange()
    }
    resumeClientReads()
  }
}
