import NIOCore
import NIOPosix

extension HTTPSessionHandler {
  /// Carries out the connect/retry decision for the current request.
  func perform(_ action: ConnectRetryStateMachine.Action) {
    guard context != nil, !closing else { return }
    switch action {
    case .connect(let index):
      // The exchange holds the slot on `index` from `assignServer` through every retry on it.
      acquire(server: index)
    case .redispatch(let avoiding):
      releaseSlot()
      assignServer(excluding: avoiding)
    case .fail:
      fail(status: 503)
    }
  }

  /// Gets a connection to `index`: the one this client already holds, an idle one from the
  /// pool when `http-reuse` allows it, or a new one.
  private func acquire(server index: Int) {
    if let current = server {
      // Only `http-reuse never` keeps a connection between exchanges.
      if current.server == index, current.isActive {
        attached()
        return
      }
      server = nil
      current.close()
    }
    let mayShare: Bool
    switch settings.reuse {
    case .never: mayShare = false
    case .safe: mayShare = exchanges > 0
    case .aggressive, .always: mayShare = true
    }
    if mayShare,
      let idle = pool.take(server: index, reusedOnly: settings.reuse == .aggressive && exchanges == 0)
    {
      idle.session = self
      server = idle
      attached()
      return
    }
    connect(to: index)
  }

  private func connect(to index: Int) {
    guard let context else { return }
    let connection = HTTPServerConnection(server: index, home: pool)
    connection.session = self
    server = connection
    connecting = true
    let bound = NIOLoopBound(connection, eventLoop: context.eventLoop)
    let socket = settings.serverSocket
    let upstream = settings.servers[index]
    // ClientBootstrap sets TCP_NODELAY itself. The receive allocator is set synchronously in
    // the initializer (a bootstrap option costs a chain of futures per connection): it starts
    // small because NIO keeps each channel's last receive buffer, and pooled idle server
    // connections would otherwise hold 2 kB each (lbidle); it grows with large responses.
    ClientBootstrap(group: context.eventLoop)
      .connectTimeout(settings.connectTimeout)
      .channelInitializer { channel in
        channel.initializeNow(server: upstream) {
          try channel.syncOptions?.setOption(.recvAllocator, value: HTTPServerConnection.receiveAllocator)
          try socket.apply(to: channel)
          try channel.pipeline.syncOperations.addHandler(bound.value)
        }
      }
      .connect(to: settings.servers[index].address)
      .assumeIsolatedUnsafeUnchecked()
      .whenComplete { result in
        guard self.server === connection else {
          // The session moved on (closed, or failed) while connecting.
          if case .success(let channel) = result { channel.close(promise: nil) }
          return
        }
        switch result {
        case .success:
          self.connecting = false
          self.writeProxyHeader(on: connection)
          self.attached()
        case .failure:
          self.connecting = false
          self.server = nil
          connection.session = nil
          self.observe(.connectFailed, on: index)
          let next = self.settings.retryOn.connectionFailure ? self.retry.connectFailed() : .fail
          if let delay = self.retry.delay(before: next, connectTimeout: self.settings.connectTimeout) {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) { bound.value.perform(next) }
          } else {
            self.perform(next)
          }
        }
      }
  }

  /// The server connection is ready: send what waited for it.
  private func attached() {
    guard let server else { return }
    if observer != nil { observeAttached(to: server) }
    for buffer in pendingToServer { server.write(buffer) }
    pendingToServer.removeAll(keepingCapacity: true)
    server.flush()
    serverNeedsFlush = false
    resumeClientReads()
  }

  /// Lets go of the server connection: back to the idle pool when it can serve another request
  /// (or kept for this client alone with `http-reuse never`), else closed. `sessionEnds`: the
  /// client connection closes after this exchange, so the pool bounds what it keeps.
  func releaseServer(reusable: Bool, sessionEnds: Bool = true) {
    pendingToServer.removeAll(keepingCapacity: true)
    serverInbound = HTTPSessionHandler.noBytes
    serverReusable = false
    guard let connection = server else { return }
    server = nil
    connecting = false
    guard reusable, connection.isActive, settings.connectionMode == .keepAlive else {
      connection.close()
      return
    }
    connection.exchanges &+= 1
    if let limit = settings.servers[connection.server].maxReuse, connection.exchanges > limit {
      // `max-reuse`: the connection has carried its last request.
      connection.close()
      return
    }
    if settings.reuse == .never || connection.isPrivate {
      // Private to this client: it stays with the session for its next request to that server.
      server = connection
    } else {
      connection.session = nil
      pool.put(connection, sessionEnds: sessionEnds)
    }
  }

  /// `send-proxy` / `send-proxy-v2`: the client's addresses go first on a new connection.
  private func writeProxyHeader(on connection: HTTPServerConnection) {
    guard let version = settings.servers[connection.server].sendProxy else { return }
    var header = ByteBuffer()
    header.reserveCapacity(ProxyHeader.maximumEncodedLength)
    ProxyHeader(version: version, addresses: ProxyHeader.Addresses(client: addresses.client, local: addresses.local))
      .write(into: &header)
    connection.write(header)
    connection.isPrivate = true
  }

  func serverBecameWritable() {
    resumeClientReads()
  }

  func serverReadComplete() {
    activity.touch()
    // A response's end can start the next pipelined request, or a 101 the tunnel, and send
    // client bytes to a server while no client read burst is open to flush them.
    flushServer()
    flushClient()
  }
}
