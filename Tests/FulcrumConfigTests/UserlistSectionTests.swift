import FulcrumConfig
import Testing

/// `userlist` sections: users with hashed or insecure passwords, groups, and their mistakes.
@Suite struct UserlistSectionTests {
  @Test func usersAndGroups() throws {
    let result = TestLoad.text(
      """
      userlist admins
        group ops users alice,bob
        group dev
        user alice password $6$salt$hash groups ops,dev
        user bob insecure-password secret
      """)
    #expect(result.alertTexts.isEmpty)
    let list = try #require(result.configuration.userlists.first)
    #expect(list.name == "admins")
    #expect(list.groups == ["ops": ["alice", "bob"], "dev": []])
    #expect(list.users.map(\.name) == ["alice", "bob"])
    #expect(list.users[0].password == "$6$salt$hash" && !list.users[0].isInsecure)
    #expect(list.users[0].groups == ["ops", "dev"])
    #expect(list.users[1].password == "secret" && list.users[1].isInsecure)
  }

  @Test func userlistMistakes() {
    let result = TestLoad.text(
      """
      userlist admins
        user carol secret
        user dave password x groups
        user erin password x groups missing
        group ops members alice
        usr frank password x
        user erin password y
      userlist admins
      userlist
      """)
    #expect(
      result.alertTexts == [
        "parsing [t.cfg:2] : 'user' expects 'user NAME password HASH' or 'user NAME insecure-password PASS'",
        "parsing [t.cfg:3] : 'user dave' accepts only 'groups G1,G2' after the password",
        "parsing [t.cfg:4] : user 'erin' is in group 'missing', which userlist 'admins' does not declare",
        "parsing [t.cfg:5] : 'group' expects 'group NAME [users USER,...]'",
        "parsing [t.cfg:6] : unknown keyword 'usr' in 'userlist' section; did you mean 'user'?",
        "parsing [t.cfg:7] : user 'erin' is declared twice in userlist 'admins'",
        "parsing [t.cfg:8] : userlist 'admins' is declared twice",
        "parsing [t.cfg:9] : 'userlist' needs a name",
      ])
  }
}
