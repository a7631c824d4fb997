import Atomics
import FulcrumCore
import NIOCore

/// One session's place in a `BackendQueue`: which queue it waits in, whether it still waits,
/// and how to reach it on its own loop. Created on the session's loop when it queues; the
/// queue's dispatch claims it from any thread, the session withdraws it on its loop, and an
/// atomic state decides which came first.
final class BackendQueueTicket: ServerQueueTicket {
  private enum State: UInt8 {
    case waiting
    case claimed
    case withdrawn
  }

  /// The server whose own queue holds the ticket; nil for the backend's queue.
  let server: Int?
  private let state = ManagedAtomic(State.waiting.rawValue)
  private let queue: BackendQueue
  private let loop: any EventLoop
  /// The selector of the session's loop (it counts the granted slot) and the session; cleared
  /// once the ticket is settled so the session can go.
  private let parties: NIOLoopBoundBox<Parties?>

  struct Parties {
    let selector: any QueueGrantReceiver
    let waiter: any ServerQueueWaiter
  }

  /// On `loop`.
  init(
    server: Int?, queue: BackendQueue, loop: any EventLoop, selector: any QueueGrantReceiver,
    waiter: any ServerQueueWaiter
  ) {
    self.server = server
    self.queue = queue
    self.loop = loop
    parties = NIOLoopBoundBox(Parties(selector: selector, waiter: waiter), eventLoop: loop)
  }

  /// Takes the ticket out of waiting for a grant or a redispatch; false if it was withdrawn.
  /// Any thread, under the queue's lock.
  func claim() -> Bool {
    state.compareExchange(
      expected: State.waiting.rawValue, desired: State.claimed.rawValue, ordering: .sequentiallyConsistent
    ).exchanged
  }

  func withdraw() -> Bool {
    let withdrawn = state.compareExchange(
      expected: State.waiting.rawValue, desired: State.withdrawn.rawValue, ordering: .sequentiallyConsistent
    ).exchanged
    guard withdrawn else { return false }
    queue.withdrew(self)
    parties.value = nil
    return true
  }

  /// Hands the claimed slot on `server` to the session, on its loop.
  func deliverGrant(server: Int) {
    let parties = self.parties
    let queue = self.queue
    loop.execute { [self] in
      guard let settled = parties.value else {
        queue.release(server)
        return
      }
      parties.value = nil
      settled.selector.slotGranted(on: server, to: settled.waiter, ticket: self)
    }
  }

  /// Tells the session, on its loop, that its server went down and it must choose again.
  func deliverRedispatch() {
    let parties = self.parties
    loop.execute { [self] in
      guard let settled = parties.value else { return }
      parties.value = nil
      settled.waiter.queueRedispatched(ticket: self)
    }
  }
}

/// A loop's selector as a queue grant reaches it: it counts the slot, then tells the waiter.
/// On the selector's loop.
protocol QueueGrantReceiver: AnyObject {
  func slotGranted(on server: Int, to waiter: any ServerQueueWaiter, ticket: any ServerQueueTicket)
}
