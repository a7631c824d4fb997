import NIOCore

extension HTTPSessionHandler {
  /// Bytes from the server connection serving this session.
  func serverRead(_ buffer: ByteBuffer, from connection: HTTPServerConnection) {
    guard connection === server else { return }
    if serverInbound.readableBytes == 0 {
      serverInbound = buffer
    } else {
      var more = buffer
      serverInbound.writeBuffer(&more)
    }
    driveResponse()
  }

  private func driveResponse() {
    while serverInbound.readableBytes > 0 {
      switch responsePhase {
      case .none:
        // Nothing was asked: a server talking out of turn cannot be trusted with a request.
        releaseServer(reusable: false)
        return
      case .head:
        switch responseParser.parse(serverInbound, requestMethod: request.method, into: &response) {
        case .needMoreBytes:
          return
        case .invalid:
          if !retryAfterSending(.junkResponse) {
            observe(.invalidResponse)
            fail(status: 502)
          }
          return
        case .complete(let length):
          let head = serverInbound.readSlice(length: length)!
          if response.isInterim {
            // 100 Continue and friends; an HTTP/1.0 client would not understand them, and one
            // that got Fulcrum's own 100 (http-buffer-request) must not get a second.
            if request.version != .http10, !(continueAnswered && response.status == 100) { writeToClient(head) }
            responseParser.reset()
            continue
          }
          beginResponse(head: head)
        }
      case .body:
        switch responseBody.consume(serverInbound) {
        case .body(let count):
          writeToClient(serverInbound.readSlice(length: count)!)
        case .end(let count):
          if count > 0 { writeToClient(serverInbound.readSlice(length: count)!) }
          responseEnded()
          return
        case .invalid:
          abort()
          return
        }
      case .tunnel:
        writeToClient(serverInbound.readSlice(length: serverInbound.readableBytes)!)
      }
    }
  }

  /// A final response head arrived: forward it with the connection handling the client needs.
  private func beginResponse(head original: ByteBuffer) {
    let head = settings.clientNameCase.flatMap { $0.adjusted(original, fields: response.headers.fields) } ?? original
    if response.status == 101 {
      observe(.validResponse)
      beginTunnel(head: head)
      return
    }
    if settings.retryOn.statuses.contains(response.status), retryAfterSending(.status) { return }
    observe(.response(status: response.status))
    responseBody = HTTP1BodyFramer(framing: response.framing, side: .response, limits: settings.limits)
    let requestUpgrade = request.headers.connection.contains(.upgrade)
    serverReusable = response.isKeepAlive && settings.connectionMode == .keepAlive && !requestUpgrade
    // A body that ends with the server's close cannot be delimited on a kept connection.
    if response.framing == .untilClose { clientKeepAlive = false }
    // An HTTP/1.0 client keeps the connection only when told so, whatever the response's version
    // (as HAProxy: `keep-alive` when the request or the response is HTTP/1.0).
    let needed =
      clientKeepAlive && request.version == .http10
      ? .keepAlive : HTTPConnectionHeader.needed(version: response.version, keep: clientKeepAlive, upgrade: false)
    let framing = response.headers.needsFramingRewrite
    if !framing, HTTPConnectionHeader.alreadySays(needed, headers: response.headers, version: response.version) {
      writeToClient(head)
    } else {
      var framingLine: ByteBuffer?
      if framing {
        var line = ByteBuffer()
        HTTPSessionHandler.writeFramingLine(response.framing, into: &line)
        framingLine = line
      }
      let removing: HTTP1HeadRewriter.Removal = framing ? [.hopByHop, .framing] : [.hopByHop]
      HTTP1HeadRewriter.rewrite(
        head, headers: response.headers, removing: removing, keepUpgrade: false, added: framingLine,
        ending: needed.ending
      ) {
        writeToClient($0)
      }
    }
    timer.enter(.transferring, activity: activity.bursts)
    if responseBody.isComplete {
      responseEnded()
    } else {
      responsePhase = .body
    }
  }

  /// `101 Switching Protocols`: from now on bytes flow untouched both ways.
  private func beginTunnel(head: ByteBuffer) {
    writeToClient(head)
    responsePhase = .tunnel
    requestPhase = .tunnel
    serverReusable = false
    timer.enter(.tunnel, activity: activity.bursts)
    // Whatever the client sent after its request belongs to the new protocol.
    if inbound.readableBytes > 0 { sendToServer(inbound.readSlice(length: inbound.readableBytes)!) }
    resumeClientReads()
  }

  /// The response body is complete.
  private func responseEnded() {
    if response.mustCloseAfterBody || serverInbound.readableBytes > 0 { serverReusable = false }
    if requestPhase != .done {
      // The server answered before the request was complete: neither connection can carry
      // another exchange in step.
      serverReusable = false
      clientKeepAlive = false
      requestPhase = .closed
    }
    finishExchange()
  }

  /// The server connection closed.
  func serverClosed(_ connection: HTTPServerConnection) {
    guard connection === server else { return }
    server = nil
    switch responsePhase {
    case .none:
      // An idle private connection went away; the next request makes a new one.
      return
    case .head:
      let failure: HTTPSessionHandler.SentRequestFailure =
        serverInbound.readableBytes == 0 ? .emptyResponse : .junkResponse
      if !retryAfterSending(failure) {
        observe(connection.failed ? .readError : .closedByServer, on: connection.server)
        fail(status: 502)
      }
    case .body:
      if response.framing == .untilClose {
        responseEnded()
        flushClient()
      } else {
        flushClient()
        abort()
      }
    case .tunnel:
      closeClientWhenDrained()
    }
  }
}
