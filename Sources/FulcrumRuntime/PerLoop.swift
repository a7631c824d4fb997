import NIOCore

/// One value per event loop of a group, each made for its loop and used only there: the
/// runtime's per-loop selectors, idle pools and session tickers. Built off the loops at
/// start-up; looked up from a loop by that loop.
struct PerLoop<Value>: Sendable {
  private let table: [ObjectIdentifier: NIOLoopBoundBox<Value>]
  /// The group's loops, in the group's order.
  let loops: [any EventLoop]

  init(group: any EventLoopGroup, make: (any EventLoop) -> sending Value) {
    var table: [ObjectIdentifier: NIOLoopBoundBox<Value>] = [:]
    let loops = Array(group.makeIterator())
    for loop in loops {
      table[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(make(loop), eventLoop: loop)
    }
    self.table = table
    self.loops = loops
  }

  /// The box of `loop`'s value.
  func box(for loop: any EventLoop) -> NIOLoopBoundBox<Value> {
    guard let box = table[ObjectIdentifier(loop)] else {
      preconditionFailure("event loop outside the runtime's group")
    }
    return box
  }

  /// `loop`'s value; call on `loop`.
  subscript(loop: any EventLoop) -> Value { box(for: loop).value }
}
