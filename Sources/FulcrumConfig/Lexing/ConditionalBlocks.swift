/// The nesting state of `.if`/`.elif`/`.else`/`.endif` in one configuration file (manual §2.4):
/// which branch of each open block is taken, and so whether the lines read now are active.
/// Blocks cannot span files: the reader keeps one per file and calls `unclosedBlocks()` at the
/// file's end. Pure value owned by one reader; any thread.
public struct ConditionalBlocks: Sendable {
  /// How deep `.if` blocks may nest, as in HAProxy.
  public static let maxDepth = 100

  /// The four directives that shape blocks.
  public enum Directive: Sendable, Equatable, CustomStringConvertible {
    case ifCondition
    case elifCondition
    case elseBranch
    case endif

    /// The directive as written in a configuration: `.if`, `.elif`, `.else`, `.endif`.
    public var description: String {
      switch self {
      case .ifCondition: ".if"
      case .elifCondition: ".elif"
      case .elseBranch: ".else"
      case .endif: ".endif"
      }
    }
  }

  /// One open `.if` block.
  private struct Level: Sendable {
    var openedAt: SourceLocation
    /// Whether the lines around the block are active; if not, no branch of it can be.
    var enclosingIsActive: Bool
    /// Whether a branch has been taken (or must never be, after an error), so later ones are not.
    var branchTaken: Bool
    var isActive: Bool
    var elseAt: SourceLocation?
  }

  private var levels: [Level] = []

  public init() {}

  /// Whether lines at the current position are taken (all enclosing blocks active).
  public var isActive: Bool { levels.last?.isActive ?? true }

  /// How many `.if` blocks are open.
  public var depth: Int { levels.count }

  /// Feeds one directive found at `location`. `condition` is called only when its value
  /// matters: not for `.if` inside an inactive block, nor for `.elif` once a branch was taken.
  /// Returns the misuse to report, if any; the state is kept consistent either way.
  public mutating func apply(
    _ directive: Directive, at location: SourceLocation, condition: () -> Result<Bool, ConditionError>
  ) -> ConditionalBlockError? {
    switch directive {
    case .ifCondition:
      return openBlock(at: location, condition: condition)
    case .elifCondition:
      guard var level = levels.popLast() else { return .loneElif(at: location) }
      defer { levels.append(level) }
      if let elseAt = level.elseAt { return .elifAfterElse(at: location, elseAt: elseAt) }
      guard level.enclosingIsActive, !level.branchTaken else {
        level.isActive = false
        return nil
      }
      switch condition() {
      case .success(let taken):
        level.isActive = taken
        level.branchTaken = taken
        return nil
      case .failure(let error):
        level.isActive = false
        level.branchTaken = true
        return .invalidCondition(error, directive: directive, at: location)
      }
    case .elseBranch:
      guard var level = levels.popLast() else { return .loneElse(at: location) }
      defer { levels.append(level) }
      if let elseAt = level.elseAt { return .elseAfterElse(at: location, elseAt: elseAt) }
      level.elseAt = location
      level.isActive = level.enclosingIsActive && !level.branchTaken
      level.branchTaken = true
      return nil
    case .endif:
      guard levels.popLast() != nil else { return .loneEndif(at: location) }
      return nil
    }
  }

  private mutating func openBlock(
    at location: SourceLocation, condition: () -> Result<Bool, ConditionError>
  ) -> ConditionalBlockError? {
    let enclosingIsActive = isActive
    // An unusable block is still pushed so that its `.endif` matches; none of its branches run.
    var level = Level(
      openedAt: location, enclosingIsActive: enclosingIsActive, branchTaken: true, isActive: false, elseAt: nil)
    defer { levels.append(level) }
    guard levels.count < Self.maxDepth else { return .tooDeeplyNested(at: location, limit: Self.maxDepth) }
    guard enclosingIsActive else { return nil }
    switch condition() {
    case .success(let taken):
      level.isActive = taken
      level.branchTaken = taken
      return nil
    case .failure(let error):
      return .invalidCondition(error, directive: .ifCondition, at: location)
    }
  }

  /// Call at the end of a file: one error per `.if` still open, outermost first, each located
  /// where the block was opened.
  public func unclosedBlocks() -> [ConditionalBlockError] {
    levels.map { .unclosedIf(openedAt: $0.openedAt) }
  }
}
