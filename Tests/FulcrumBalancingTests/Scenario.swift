import FulcrumBalancing

/// One step of a scripted run: a pick (with a key, and the connection kept open or not), a
/// connection closing, or a runtime change as the admin socket would make it.
enum Step {
  /// Pick and count a connection to the server, remembered as `id` until closed.
  case open(Int, key: [UInt8] = [])
  /// Pick, connect and close at once.
  case request(key: [UInt8] = [])
  case close(Int)
  /// `set weight be/sN W`.
  case weight(Int, Int)
  /// `disable server be/sN`.
  case down(Int)
  /// `enable server be/sN`.
  case up(Int)

  static func requests(_ count: Int) -> [Step] { Array(repeating: .request(), count: count) }

  static func requests(keys: [[UInt8]]) -> [Step] { keys.map { .request(key: $0) } }
}

/// Runs `steps`, returning the server of each pick as one digit ("-" for none).
func run(_ algorithm: inout some LoadBalancingAlgorithm, _ steps: [Step], clock: Duration = .seconds(100)) -> String {
  var counts = ConnectionCounts(serverCount: algorithm.pool.count)
  var open: [Int: ServerIndex] = [:]
  var digits = ""
  for step in steps {
    switch step {
    case .open(let id, let key):
      let server = algorithm.pick(key: key.span, avoiding: nil, load: counts)
      digits += server.map { String($0.value) } ?? "-"
      if let server {
        counts.connectionStarted(on: server)
        algorithm.loadChanged(on: server, load: counts)
        open[id] = server
      }
    case .request(let key):
      digits += algorithm.pick(key: key.span, avoiding: nil, load: counts).map { String($0.value) } ?? "-"
    case .close(let id):
      if let server = open.removeValue(forKey: id) {
        counts.connectionEnded(on: server)
        algorithm.loadChanged(on: server, load: counts)
      }
    case .weight(let server, let weight):
      try? algorithm.setWeight(weight, of: ServerIndex(server))
    case .down(let server):
      algorithm.serverWentDown(ServerIndex(server))
    case .up(let server):
      algorithm.serverWentUp(ServerIndex(server), at: clock)
    }
  }
  return digits
}
