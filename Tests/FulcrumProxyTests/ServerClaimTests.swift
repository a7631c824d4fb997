import FulcrumCore
import Testing

@testable import FulcrumProxy

/// A session's claim on its backend: a grant counts only for the ticket it still waits with,
/// `timeout queue` loses to a grant already on its way, and a slot goes back exactly once.
@Suite struct ServerClaimTests {
  final class Ticket: ServerQueueTicket, @unchecked Sendable {
    var withdrawable: Bool
    var withdrawals = 0
    init(withdrawable: Bool = true) { self.withdrawable = withdrawable }
    func withdraw() -> Bool {
      withdrawals += 1
      return withdrawable
    }
  }

  final class Selector: BackendSelector {
    var ended: [Int] = []
    let requestKey = RequestKeyKind.none
    func selectServer(client: ClientAddressBytes, excluding failed: Int?) -> Int? { nil }
    func selectServer(client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?) -> Int? { nil }
    func assignServer(
      client: ClientAddressBytes, requestKey: Span<UInt8>, excluding failed: Int?, waiter: any ServerQueueWaiter
    ) -> ServerAssignment { .noServer }
    func connectionEnded(on server: Int) { ended.append(server) }
  }

  @Test func aGrantCountsOnlyForTheTicketStillWaitedWith() {
    var claim = ServerClaim()
    let waiting = Ticket()
    claim.wait(with: waiting)
    let stranger = claim.settle(Ticket())
    let own = claim.settle(waiting)
    let again = claim.settle(waiting)
    #expect(!stranger && own && !again)
  }

  @Test func timeoutQueueLosesToAGrantOnItsWay() {
    var claim = ServerClaim()
    claim.wait(with: Ticket(withdrawable: false))
    let lost = claim.giveUpWaiting()
    #expect(!lost)
    let withdrawable = Ticket()
    var other = ServerClaim()
    other.wait(with: withdrawable)
    let left = other.giveUpWaiting()
    let settled = other.settle(withdrawable)
    #expect(left && !settled)
  }

  @Test func aSlotGoesBackOnceAndNotAfterHandOver() {
    let selector = Selector()
    var claim = ServerClaim()
    claim.hold(3)
    claim.release(to: selector)
    claim.release(to: selector)
    #expect(selector.ended == [3])
    claim.hold(4)
    claim.handOver()
    claim.release(to: selector)
    #expect(selector.ended == [3])
  }

  @Test func leavingTheQueueKeepsTheSlot() {
    let selector = Selector()
    let ticket = Ticket()
    var claim = ServerClaim()
    claim.hold(1)
    claim.wait(with: ticket)
    claim.leaveQueue()
    #expect(ticket.withdrawals == 1)
    #expect(claim.server == 1)
    claim.release(to: selector)
    #expect(selector.ended == [1])
    #expect(ticket.withdrawals == 1)
  }
}
