import FulcrumCore
import Testing

@Suite struct FulcrumBuildTests {
  @Test func featuresAreUppercaseNamesWithoutPlus() {
    for feature in FulcrumBuild.features {
      #expect(feature == feature.uppercased())
      #expect(!feature.hasPrefix("+"))
    }
  }

  @Test func enabledOptionsAreAmongFeatures() {
    #expect(FulcrumBuild.enabledOptions.isSubset(of: Set(FulcrumBuild.features)))
  }
}
