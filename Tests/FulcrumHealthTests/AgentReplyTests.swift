import FulcrumHealth
import Testing

/// The agent's line as HAProxy 2.6 reads it (replies tried against haproxy 2.6 with a weight 10
/// server: `drain`, `50%`, `DRAIN,50%`, `up maint`, `ready 0%`, `down #broken disk`; `3`,
/// `weight:4` and `maxconn:30` change no state; a reply without a newline changes nothing).
@Suite struct AgentReplyTests {
  @Test func wordsInAnyOrderAndCase() {
    #expect(AgentReply.parse(line: "up") == AgentReply(health: .up))
    #expect(AgentReply.parse(line: "DRAIN,50%") == AgentReply(admin: .drain, weightPercent: 50))
    #expect(AgentReply.parse(line: "up maint") == AgentReply(health: .up, admin: .maintenance))
    #expect(AgentReply.parse(line: "ready\t0%") == AgentReply(admin: .ready, weightPercent: 0))
    #expect(AgentReply.parse(line: "75% ready up") == AgentReply(health: .up, admin: .ready, weightPercent: 75))
  }

  @Test func downWordsKeepTheirNameAndDescription() {
    #expect(
      AgentReply.parse(line: "down #broken disk") == AgentReply(health: .down(word: "down", description: "broken disk"))
    )
    #expect(AgentReply.parse(line: "stopped") == AgentReply(health: .down(word: "stopped", description: nil)))
    #expect(AgentReply.parse(line: "FAIL # ") == AgentReply(health: .down(word: "fail", description: nil)))
  }

  @Test func unknownWordsAreIgnored() {
    #expect(AgentReply.parse(line: "3 weight:4 garbage") == AgentReply())
    #expect(AgentReply.parse(line: "maxconn:30") == AgentReply(maxconn: 30))
    #expect(AgentReply.parse(line: "down#disk") == AgentReply())
    #expect(AgentReply.parse(line: "-5%") == AgentReply())
  }

  @Test func aLineNeedsItsEnd() {
    #expect(AgentReply.parse(Array("up".utf8), complete: false) == .incomplete)
    #expect(AgentReply.parse(Array("stopped".utf8), complete: true) == .noLine)
    #expect(AgentReply.parse(Array("up\r\nignored".utf8), complete: false) == .reply(AgentReply(health: .up)))
    #expect(AgentReply.parse(Array("drain\n".utf8), complete: false) == .reply(AgentReply(admin: .drain)))
    #expect(AgentReply.parse([], complete: true) == .noLine)
  }
}
