/// A `userlist` section: users with password hashes or insecure passwords, and groups.
public struct Userlist: Sendable, Equatable {
  public struct User: Sendable, Equatable {
    public var name: String
    public var password: String
    public var isInsecure: Bool
    public var groups: [String]
  }

  public var name: String
  public var users: [User] = []
  public var groups: [String: [String]] = [:]
  public var location: SourceLocation

  public init(name: String, location: SourceLocation) {
    self.name = name
    self.location = location
  }
}
