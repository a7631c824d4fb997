import Foundation
import FulcrumConfig
import FulcrumTestSupport
import Testing

/// Every configuration of the corpus gets the verdict its header promises, with the
/// promised messages.
@Suite struct FixtureCorpusTests {
  static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
  static let fixtures: [ConfigFixture] = (try? ConfigFixture.all(in: directory)) ?? []
  static let resolver = StaticHostResolver(literals: ["localhost": ["127.0.0.1", "::1"]])

  @Test func corpusIsLargeEnough() {
    #expect(Self.fixtures.count >= 30)
    #expect(Self.fixtures.contains { !$0.expectValid })
    #expect(Self.fixtures.contains { $0.expectValid })
  }

  @Test(arguments: fixtures)
  func fixtureHasExpectedVerdict(_ fixture: ConfigFixture) {
    let loader = ConfigLoader(environment: fixture.environment, resolver: Self.resolver)
    let result = loader.load(paths: [fixture.path])
    let alerts = result.diagnostics.alerts.map(\.description)
    let warnings = result.diagnostics.warnings.map(\.description)
    #expect(result.isValid() == fixture.expectValid, "alerts: \(alerts)")
    for expected in fixture.expectedAlerts {
      #expect(alerts.contains { $0.contains(expected) }, "no alert containing '\(expected)' in \(alerts)")
    }
    for expected in fixture.expectedWarnings {
      #expect(warnings.contains { $0.contains(expected) }, "no warning containing '\(expected)' in \(warnings)")
    }
    if !fixture.expectValid {
      #expect(result.diagnostics.alerts.allSatisfy { $0.location != nil || !$0.message.isEmpty })
    }
  }
}
