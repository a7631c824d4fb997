/// The `if <cond>` / `unless <cond>` tail of a rule, kept as words until the ACL engine
/// compiles it (rules milestone). Immutable value.
public struct RuleCondition: Sendable, Equatable {
  public enum Polarity: String, Sendable, Equatable {
    case whenTrue = "if"
    case whenFalse = "unless"
  }

  public var polarity: Polarity
  public var terms: [String]

  public init(polarity: Polarity, terms: [String]) {
    self.polarity = polarity
    self.terms = terms
  }
}

/// One rule line (`http-request set-header X y if foo`, `tcp-request content reject`,
/// `redirect ...`, `stick on src`): the action, its arguments and its optional condition.
public struct RuleStatement: Sendable, Equatable {
  public var action: String
  public var arguments: [String]
  public var condition: RuleCondition?
  public var location: SourceLocation

  public init(action: String, arguments: [String], condition: RuleCondition?, location: SourceLocation) {
    self.action = action
    self.arguments = arguments
    self.condition = condition
    self.location = location
  }
}

/// `acl NAME criterion [flags] [operator] value...`, kept as words until the ACL engine
/// compiles it.
public struct ACLDefinition: Sendable, Equatable {
  public var name: String
  public var criterion: String
  public var arguments: [String]
  public var location: SourceLocation

  public init(name: String, criterion: String, arguments: [String], location: SourceLocation) {
    self.name = name
    self.criterion = criterion
    self.arguments = arguments
    self.location = location
  }
}

/// `use_backend NAME [if|unless cond]` and `use-server NAME [if|unless cond]`.
public struct SwitchingRule: Sendable, Equatable {
  public var target: String
  public var condition: RuleCondition?
  public var location: SourceLocation

  public init(target: String, condition: RuleCondition?, location: SourceLocation) {
    self.target = target
    self.condition = condition
    self.location = location
  }
}
