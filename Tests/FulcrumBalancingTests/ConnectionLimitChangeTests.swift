import FulcrumBalancing
import Testing

/// An agent's `maxconn:N` changes a server's limit at run time, as HAProxy's
/// `server_parse_maxconn_change_request` does.
@Suite struct ConnectionLimitChangeTests {
  @Test func aStaticLimitMovesWholeAndADynamicOneKeepsItsMinconn() {
    // No minconn, or minconn equal to maxconn: static.
    #expect(ServerPool.changedLimits(maxConnections: 10, minConnections: 0, to: 3) == (3, 0))
    #expect(ServerPool.changedLimits(maxConnections: 10, minConnections: 10, to: 3) == (3, 3))
    #expect(ServerPool.changedLimits(maxConnections: 0, minConnections: 0, to: 5) == (5, 0))
    // Dynamic (minconn below maxconn): only maxconn moves.
    #expect(ServerPool.changedLimits(maxConnections: 100, minConnections: 10, to: 50) == (50, 10))
  }

  @Test func aPoolWithoutLimitsStartsCheckingRoomOnceOneIsSet() {
    var algorithm = FirstAvailable(servers: [ServerPool.Member(), ServerPool.Member()])
    #expect(!algorithm.pool.hasConnectionLimits)
    algorithm.setConnectionLimit(1, of: ServerIndex(0))
    #expect(algorithm.pool.hasConnectionLimits)
    #expect(algorithm.pool.members[0].maxConnections == 1)
    algorithm.setConnectionLimit(0, of: ServerIndex(0))
    #expect(!algorithm.pool.hasConnectionLimits)
  }
}
